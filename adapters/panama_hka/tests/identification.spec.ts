import { test } from '@japa/runner'
import {
  PANAMA_CUSTOMER_TYPES,
  customerTypes,
  validateCustomer,
  validateIdentification,
} from '#adapters/panama_hka/identification'

const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code)

test.group('Panama customers | types', () => {
  test('lists tipoClienteFE 01-04 with labels in both languages', ({ assert }) => {
    const types = customerTypes()
    assert.deepEqual(
      types.map((type) => [type.code, type.key]),
      [
        ['01', 'taxpayer'],
        ['02', 'final_consumer'],
        ['03', 'government'],
        ['04', 'foreign'],
      ]
    )
    assert.deepEqual(types[1].label, { es: 'Consumidor final', en: 'Final consumer' })
    for (const type of types) {
      assert.isNotEmpty(type.label.es)
      assert.isNotEmpty(type.label.en)
    }
  })

  test('says which fields each type needs', ({ assert }) => {
    const [taxpayer, finalConsumer, government, foreign] = customerTypes()
    assert.deepInclude(taxpayer.fields, {
      ruc: 'required',
      checkDigits: 'required',
      taxpayerType: 'required',
    })
    assert.deepInclude(government.fields, { ruc: 'required', checkDigits: 'required' })
    assert.deepInclude(finalConsumer.fields, { ruc: 'optional', taxpayerType: 'optional' })
    // HKA answers codigo 201 when a foreign customer carries RUC data.
    assert.deepEqual(foreign.fields, {
      ruc: 'omit',
      checkDigits: 'omit',
      taxpayerType: 'omit',
      foreignIdentification: 'required',
      foreignCountry: 'passport_only',
    })
  })

  test('hands out copies, never the shared table', ({ assert }) => {
    const types = customerTypes()
    types[0].label.es = 'cambiado'
    types[0].fields.ruc = 'omit'
    assert.equal(PANAMA_CUSTOMER_TYPES[0].label.es, 'Contribuyente')
    assert.equal(PANAMA_CUSTOMER_TYPES[0].fields.ruc, 'required')
  })
})

test.group('Panama customers | contribuyente and gobierno', () => {
  test('accepts the HKA examples', ({ assert }) => {
    // hka/01_documentos_fel/02_metodo_enviar.md and 11_factura_cliente_gobierno.md
    assert.deepEqual(
      validateCustomer({
        type: '01',
        number: '155596713-2-2015',
        checkDigits: '59',
        taxpayerType: '2',
      }),
      []
    )
    assert.deepEqual(
      validateCustomer({
        type: '03',
        number: '8-NT-1-13656',
        checkDigits: '43',
        taxpayerType: '2',
      }),
      []
    )
    assert.deepEqual(
      validateCustomer({ type: '01', number: '8-274-125', checkDigits: '91', taxpayerType: '1' }),
      []
    )
  })

  test('needs tipoContribuyente', ({ assert }) => {
    const issues = validateCustomer({ type: '01', number: '155596713-2-2015', checkDigits: '59' })
    assert.deepEqual(codes(issues), ['tax.pa.identification.taxpayer_type'])
    assert.equal(issues[0].field, 'buyer.taxpayerType')
    assert.equal(
      validateCustomer({
        type: '03',
        number: '155596713-2-2015',
        checkDigits: '59',
        taxpayerType: '3',
      })[0].code,
      'tax.pa.identification.taxpayer_type'
    )
  })

  test('needs the RUC and a DV that matches it', ({ assert }) => {
    assert.deepEqual(codes(validateCustomer({ type: '01', taxpayerType: '2' })), [
      'tax.pa.ruc.required',
    ])
    const noDv = validateCustomer({ type: '03', number: '155596713-2-2015', taxpayerType: '2' })
    assert.deepEqual(codes(noDv), ['tax.pa.ruc.check_digit_required'])
    assert.equal(noDv[0].field, 'buyer.identificationCheckDigits')

    const wrong = validateCustomer({
      type: '01',
      number: '155596713-2-2015',
      checkDigits: '58',
      taxpayerType: '2',
    })
    assert.deepEqual(codes(wrong), ['tax.pa.ruc.check_digit'])
  })

  test('checks the RUC against the stated taxpayer type', ({ assert }) => {
    const issues = validateCustomer({
      type: '01',
      number: '155596713-2-2015',
      checkDigits: '59',
      taxpayerType: '1',
    })
    assert.deepEqual(codes(issues), ['tax.pa.ruc.not_natural'])
  })

  test('uses the field prefix it is given', ({ assert }) => {
    const [issue] = validateCustomer({ type: '01', taxpayerType: '1' }, { prefix: 'customer' })
    assert.equal(issue.field, 'customer.identification')
  })
})

test.group('Panama customers | consumidor final', () => {
  test('needs nothing but the type', ({ assert }) => {
    assert.deepEqual(validateCustomer({ type: '02' }), [])
    assert.deepEqual(validateCustomer({ type: '02', number: '8-274-125' }), [])
    assert.deepEqual(validateCustomer({ type: '02', number: '8-274-125', checkDigits: '91' }), [])
  })

  test('rejects a juridical RUC (HKA FAQ: must be a contribuyente)', ({ assert }) => {
    const issues = validateCustomer({ type: '02', number: '155596713-2-2015' })
    assert.deepEqual(codes(issues), ['tax.pa.identification.juridical_final_consumer'])
    assert.include(issues[0].message.es, 'no puede facturarse como consumidor final')
    assert.include(issues[0].message.en, 'cannot be invoiced as a final consumer')
    assert.deepEqual(
      codes(validateCustomer({ type: '02', number: '8-NT-1-13656', taxpayerType: '2' })),
      ['tax.pa.identification.juridical_final_consumer']
    )
  })

  test('only warns on a number it cannot read, like HKA\'s own "000000"', ({ assert }) => {
    const issues = validateCustomer({ type: '02', number: '000000', taxpayerType: '1' })
    assert.deepEqual(codes(issues), ['tax.pa.ruc.format'])
    assert.equal(issues[0].severity, 'warning')
  })

  test('checks a DV when one is given', ({ assert }) => {
    assert.deepEqual(
      codes(validateCustomer({ type: '02', number: '8-274-125', checkDigits: '19' })),
      ['tax.pa.ruc.check_digit']
    )
  })

  test('rejects a number longer than numeroRUC allows', ({ assert }) => {
    assert.deepEqual(codes(validateCustomer({ type: '02', number: '1'.repeat(21) })), [
      'tax.pa.ruc.too_long',
    ])
  })
})

test.group('Panama customers | extranjero', () => {
  test('accepts the HKA example (passport from Colombia)', ({ assert }) => {
    // hka/03_documentos_fiscales/10_factura_cliente_extranjero.md
    assert.deepEqual(
      validateCustomer({
        type: '04',
        foreignIdType: '01',
        number: '123456789',
        country: 'Colombia',
      }),
      []
    )
  })

  test('the country is needed for passports only', ({ assert }) => {
    const issues = validateCustomer({ type: '04', foreignIdType: '01', number: 'AB123456' })
    assert.deepEqual(codes(issues), ['tax.pa.identification.foreign_country'])
    assert.equal(issues[0].field, 'buyer.country')
    assert.deepEqual(
      validateCustomer({ type: '04', foreignIdType: '02', number: 'NIT-900123' }),
      []
    )
    assert.deepEqual(validateCustomer({ type: '04', foreignIdType: '99', number: 'X1' }), [])
  })

  test('needs a known identification type and a number of at most 50 characters', ({ assert }) => {
    assert.deepEqual(codes(validateCustomer({ type: '04', number: 'AB1' })), [
      'tax.pa.identification.foreign_type',
    ])
    assert.deepEqual(codes(validateCustomer({ type: '04', foreignIdType: '03', number: 'AB1' })), [
      'tax.pa.identification.foreign_type',
    ])
    const issues = validateCustomer({ type: '04', foreignIdType: '02', number: 'X'.repeat(51) })
    assert.deepEqual(codes(issues), ['tax.pa.identification.foreign_number'])
    assert.include(issues[0].message.en, 'at most 50 characters')
  })

  test('a foreign id is not read as a RUC', ({ assert }) => {
    assert.deepEqual(
      validateCustomer({ type: '04', foreignIdType: '02', number: '155596713-2-2015' }),
      []
    )
  })
})

test.group('Panama customers | validateIdentification (contract shape)', () => {
  test('RUC with the DV as third argument or written after it', ({ assert }) => {
    assert.deepEqual(validateIdentification('01', '155596713-2-2015', '59'), [])
    assert.deepEqual(validateIdentification('01', '155596713-2-2015 DV 59'), [])
    assert.deepEqual(validateIdentification('03', '8-NT-1-13656 DV43'), [])
    assert.deepEqual(codes(validateIdentification('01', '155596713-2-2015 DV 95')), [
      'tax.pa.ruc.check_digit',
    ])
    assert.deepEqual(codes(validateIdentification('01', '155596713-2-2015', '95')), [
      'tax.pa.ruc.check_digit',
    ])
  })

  test('does not ask for fields the contract cannot carry', ({ assert }) => {
    assert.deepEqual(validateIdentification('04', 'AB123456'), [])
    assert.deepEqual(validateIdentification('02', ''), [])
  })

  test('still needs the DV for contribuyente and gobierno', ({ assert }) => {
    assert.deepEqual(codes(validateIdentification('01', '155596713-2-2015')), [
      'tax.pa.ruc.check_digit_required',
    ])
  })

  test('an unknown type is an issue, not an exception', ({ assert }) => {
    const issues = validateIdentification('05', '8-274-125')
    assert.deepEqual(codes(issues), ['tax.pa.identification.type'])
    assert.equal(issues[0].field, 'buyer.identificationType')
    assert.include(issues[0].message.es, 'El tipo de cliente «05» no existe')
    assert.doesNotThrow(() => validateIdentification(undefined as never, undefined as never))
  })
})
