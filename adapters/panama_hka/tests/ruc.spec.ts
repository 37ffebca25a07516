import { test } from '@japa/runner'
import {
  computeRucDv,
  dgiCheckDigits,
  parseRuc,
  personTypeFromCode,
  splitRucDv,
  toRuctb,
  validateRuc,
  type ParsedRuc,
  type RucPersonType,
} from '#adapters/panama_hka/ruc'

function parsed(input: string): ParsedRuc {
  const result = parseRuc(input)
  if (!result.ok) throw new Error(`expected ${input} to parse, got ${result.problem}`)
  return result.ruc
}

function ructbOf(input: string, personType: RucPersonType) {
  return toRuctb(parsed(input), personType)
}

test.group('Panama RUC | DGI routine on the worked examples of the DGI document', () => {
  /*
   * RUCTBs and DVs exactly as printed in "Algoritmo para el cálculo del
   * dígito verificador (DV)", version 201805 (examples 1-10).
   */
  test('{name}: {ructb} → {dv}')
    .with([
      { name: 'ej. 1 jurídico antiguo', ructb: '00000011020064103462', legacy: true, dv: '30' },
      { name: 'ej. 2 jurídico antiguo', ructb: '00000011020085117211', legacy: true, dv: '95' },
      { name: 'ej. 3 jurídico nuevo', ructb: '00000613020014123411', legacy: false, dv: '22' },
      { name: 'ej. 4 natural', ructb: '00000005080027400125', legacy: false, dv: '91' },
      { name: 'ej. 4a natural tomo 4', ructb: '00000050800274301253', legacy: false, dv: '31' },
      { name: 'ej. 5 NT natural', ructb: '00000005084300100024', legacy: false, dv: '33' },
      { name: 'ej. 6 NT jurídico', ructb: '00000000084300100419', legacy: false, dv: '68' },
      { name: 'ej. 7 PE', ructb: '00000005007500100019', legacy: false, dv: '60' },
      { name: 'ej. 8 E', ructb: '00000005005000100011', legacy: false, dv: '63' },
      { name: 'ej. 8a E asiento 6', ructb: '00000050050008110361', legacy: false, dv: '95' },
      { name: 'ej. 9 PI', ructb: '00000005087900100080', legacy: false, dv: '05' },
      { name: 'ej. 10 AV', ructb: '00000005081500100196', legacy: false, dv: '90' },
    ])
    .run(({ assert }, row) => {
      assert.equal(dgiCheckDigits(row.ructb, row.legacy), row.dv)
    })

  test('the old-format weight quirk changes the result', ({ assert }) => {
    // Without the repeated weight 11, example 1 would not give the DGI's 30.
    assert.notEqual(dgiCheckDigits('00000011020064103462', false), '30')
  })

  test('rejects a RUCTB that is not 20 digits (programming error)', ({ assert }) => {
    assert.throws(() => dgiCheckDigits('123'), /20 digits/)
    assert.throws(() => dgiCheckDigits('0000000508002740012A'), /20 digits/)
  })
})

test.group('Panama RUC | normalisation to RUCTB', () => {
  test('natural cédula 8-274-125', ({ assert }) => {
    assert.deepEqual(ructbOf('8-274-125', 'natural'), {
      status: 'ok',
      ructb: '00000005080027400125',
      legacy: false,
    })
  })

  test('lettered and NT forms', ({ assert }) => {
    assert.deepInclude(ructbOf('E-8-110361', 'natural'), { ructb: '00000050050008110361' })
    assert.deepInclude(ructbOf('PE-1-19', 'natural'), { ructb: '00000005007500100019' })
    assert.deepInclude(ructbOf('N-19-1821', 'natural'), { ructb: '00000005004001901821' })
    assert.deepInclude(ructbOf('8AV-1-196', 'natural'), { ructb: '00000005081500100196' })
    assert.deepInclude(ructbOf('8PI-1-80', 'natural'), { ructb: '00000005087900100080' })
    assert.deepInclude(ructbOf('8-NT-1-24', 'natural'), { ructb: '00000005084300100024' })
    assert.deepInclude(ructbOf('8-NT-1-419', 'juridical'), { ructb: '00000000084300100419' })
  })

  test('NT asientos of 7 digits are cut to 5 (DGI note, p. 24)', ({ assert }) => {
    assert.deepEqual(ructbOf('8-NT-1-1234567', 'juridical'), ructbOf('8-NT-1-12345', 'juridical'))
    assert.equal(
      computeRucDv('8-NT-1-1234567', 'juridical'),
      computeRucDv('8-NT-1-12345', 'juridical')
    )
  })

  test('juridical: tomo 10 + folio 4 + asiento 6', ({ assert }) => {
    assert.deepEqual(ructbOf('155596713-2-2015', 'juridical'), {
      status: 'ok',
      ructb: '01555967130002002015',
      legacy: false,
    })
  })

  test('RUC antiguo: positions 6-7 go through the cross-reference table', ({ assert }) => {
    // "10" → "01" (DGI example 1).
    assert.deepEqual(ructbOf('10102-64-103462', 'juridical'), {
      status: 'ok',
      ructb: '00000011020064103462',
      legacy: true,
    })
    // "23" → "07": the table's own irregularity, kept as the DGI prints it.
    assert.deepInclude(ructbOf('23456-1-1', 'juridical'), { ructb: '00000074560001000001' })
    // First and last entries of the second row: 34 → 1, 49 → 7.
    assert.deepInclude(ructbOf('34000-1-1', 'juridical'), { ructb: '00000010000001000001' })
    assert.deepInclude(ructbOf('49123-1-1', 'juridical'), { ructb: '00000071230001000001' })
    // "01" has no entry: left as it is, but still an old-format RUC (example 2).
    assert.deepEqual(ructbOf('1102-85-117211', 'juridical'), {
      status: 'ok',
      ructb: '00000011020085117211',
      legacy: true,
    })
  })

  test('a tomo of 5 digits starting with 5-9 is not antiguo', ({ assert }) => {
    assert.deepInclude(ructbOf('61302-14-123411', 'juridical'), { legacy: false })
  })

  test('a spelling that cannot be that person type is not applicable', ({ assert }) => {
    assert.deepEqual(ructbOf('155596713-2-2015', 'natural'), { status: 'not_applicable' })
    assert.deepEqual(ructbOf('E-8-110361', 'juridical'), { status: 'not_applicable' })
  })

  test('shapes without a DGI rule are unverifiable, not guessed', ({ assert }) => {
    for (const ruc of ['E-8788-26', 'N-1234-12345', 'PE-1-123456', '8AV-1234-1', '8PI-1-123456']) {
      assert.deepEqual(ructbOf(ruc, 'natural'), { status: 'unverifiable' }, ruc)
    }
    assert.deepEqual(ructbOf('8-123-123456', 'natural'), { status: 'unverifiable' })
    assert.deepEqual(ructbOf('8-NT-1234-1', 'juridical'), { status: 'unverifiable' })
    assert.isNull(computeRucDv('E-8788-26', 'natural'))
  })
})

test.group('Panama RUC | check digits of real RUCs', () => {
  test('verified juridical vectors: {ruc} → {dv}')
    .with([
      // panama-hka.md §4, "Verified".
      { ruc: '155596713-2-2015', dv: '59' },
      { ruc: '155631118-2-2016', dv: '58' },
      { ruc: '155664844-2-2018', dv: '64' },
      { ruc: '1080323-1-554308', dv: '39' },
    ])
    .run(({ assert }, row) => {
      assert.equal(computeRucDv(row.ruc, 'juridical'), row.dv)
      assert.deepEqual(validateRuc(row.ruc, { dv: row.dv, personType: 'juridical' }).issues, [])
    })

  test('HKA government customer example 8-NT-1-13656 (jurídico) → 43', ({ assert }) => {
    // hka/03_documentos_fiscales/11_factura_cliente_gobierno.md
    assert.equal(computeRucDv('8-NT-1-13656', 'juridical'), '43')
  })

  test('natural vectors: {ruc} → {dv}')
    .with([
      /*
       * Cross-checked by hand for 8-274-125 (RUCTB 00000005080027400125):
       *   DV1, weights 2.. from the right over 5 2 1 0 0 4 7 2 0 0 8 0 5:
       *     5·2 + 2·3 + 1·4 + 4·7 + 7·8 + 2·9 + 8·12 + 5·14 = 288;
       *     288 mod 11 = 2 → 11 − 2 = 9.
       *   DV2 over the same digits followed by 9:
       *     9·2 + 5·3 + 2·4 + 1·5 + 4·8 + 7·9 + 2·10 + 8·13 + 5·15 = 340;
       *     340 mod 11 = 10 → 11 − 10 = 1.
       *   DV = 91, the value of DGI example 4 (sums 288 and 340 there too).
       * The others are the DGI document's examples 4a-10 written as RUCs.
       */
      { ruc: '8-274-125', dv: '91' },
      { ruc: '8-2743-1253', dv: '31' },
      { ruc: '8-NT-1-24', dv: '33' },
      { ruc: '8-NT-1-123456', dv: '76' },
      { ruc: 'PE-1-19', dv: '60' },
      { ruc: 'E-1-11', dv: '63' },
      { ruc: 'E-8-110361', dv: '95' },
      { ruc: '8PI-1-80', dv: '05' },
      { ruc: '8AV-1-196', dv: '90' },
    ])
    .run(({ assert }, row) => {
      assert.equal(computeRucDv(row.ruc, 'natural'), row.dv)
      assert.deepEqual(validateRuc(row.ruc, { dv: row.dv, personType: 'natural' }).issues, [])
    })

  test('old-format juridical vectors: {ruc} → {dv}')
    .with([
      { ruc: '10102-64-103462', dv: '30' },
      { ruc: '1102-85-117211', dv: '95' },
      { ruc: '61302-14-123411', dv: '22' },
      { ruc: '8-NT-1-419', dv: '68' },
      { ruc: '8-NT-1-123456', dv: '52' },
    ])
    .run(({ assert }, row) => {
      assert.equal(computeRucDv(row.ruc, 'juridical'), row.dv)
    })
})

test.group('Panama RUC | parsing', () => {
  test('normalises what people type: {input} → {normalized}')
    .with([
      { input: ' e - 8 - 110361 ', normalized: 'E-8-110361', form: 'lettered' },
      { input: '08-0274-00125', normalized: '8-274-125', form: 'cedula' },
      { input: '8\u2013274\u2013125', normalized: '8-274-125', form: 'cedula' },
      { input: '8-av-1-196', normalized: '8AV-1-196', form: 'province_lettered' },
      { input: '8PI-1-80', normalized: '8PI-1-80', form: 'province_lettered' },
      { input: '8-nt-1-13656', normalized: '8-NT-1-13656', form: 'tax_number' },
      { input: '155596713-2-2015', normalized: '155596713-2-2015', form: 'registry' },
    ])
    .run(({ assert }, row) => {
      const ruc = parsed(row.input)
      assert.equal(ruc.normalized, row.normalized)
      assert.equal(ruc.form, row.form)
    })

  test('says which person types a spelling allows', ({ assert }) => {
    assert.deepEqual(parsed('155596713-2-2015').personTypes, ['juridical'])
    assert.deepEqual(parsed('E-8-110361').personTypes, ['natural'])
    assert.deepEqual(parsed('8-NT-1-13656').personTypes, ['natural', 'juridical'])
    assert.deepEqual(parsed('8-274-125').personTypes, ['natural', 'juridical'])
    // 14 is no province, so it can only be a Registro Público tomo.
    assert.deepEqual(parsed('14-123-456').personTypes, ['juridical'])
  })

  test('rejects malformed input: {input} → {problem}')
    .with([
      { input: '', problem: 'required' },
      { input: '   ', problem: 'required' },
      { input: '8-ABC-12', problem: 'format' },
      { input: '8-274', problem: 'format' },
      { input: '8 274 125', problem: 'format' },
      { input: '0-0-0', problem: 'format' },
      { input: 'X-8-12345', problem: 'format' },
      { input: '8-12345-1-1', problem: 'format' },
      { input: '14AV-1-196', problem: 'province' },
      { input: '0-NT-1-24', problem: 'province' },
      { input: '1234567890-1234-1234567', problem: 'too_long' },
    ])
    .run(({ assert }, row) => {
      assert.deepEqual(parseRuc(row.input), { ok: false, problem: row.problem })
    })

  test('reads tipoContribuyente codes', ({ assert }) => {
    assert.equal(personTypeFromCode('1'), 'natural')
    assert.equal(personTypeFromCode(2), 'juridical')
    assert.isUndefined(personTypeFromCode('3'))
    assert.isUndefined(personTypeFromCode(undefined))
  })

  test('splits a DV written after the RUC', ({ assert }) => {
    assert.deepEqual(splitRucDv('155596713-2-2015 DV 59'), { ruc: '155596713-2-2015', dv: '59' })
    assert.deepEqual(splitRucDv('155596713-2-2015 dv59'), { ruc: '155596713-2-2015', dv: '59' })
    assert.deepEqual(splitRucDv('8-274-125 D.V.: 91'), { ruc: '8-274-125', dv: '91' })
    assert.deepEqual(splitRucDv('8-274-125'), { ruc: '8-274-125' })
    assert.deepEqual(splitRucDv('DV 59'), { ruc: 'DV 59' })
  })
})

test.group('Panama RUC | validation issues', () => {
  test('a wrong DV is an error with Spanish and English text', ({ assert }) => {
    const result = validateRuc('155596713-2-2015', { dv: '95', personType: 'juridical' })
    assert.deepEqual(result.issues, [
      {
        field: 'buyer.identificationCheckDigits',
        code: 'tax.pa.ruc.check_digit',
        severity: 'error',
        message: {
          es: 'El dígito verificador 95 no corresponde al RUC 155596713-2-2015.',
          en: 'Check digits 95 do not match RUC 155596713-2-2015.',
        },
        params: { value: '155596713-2-2015', dv: '95' },
      },
    ])
    assert.equal(result.expectedDv, '59')
  })

  test('a malformed RUC is an error on the RUC field', ({ assert }) => {
    const [issue] = validateRuc('8-ABC-12', { dv: '10', field: 'customer.ruc' }).issues
    assert.equal(issue.code, 'tax.pa.ruc.format')
    assert.equal(issue.field, 'customer.ruc')
    assert.equal(issue.severity, 'error')
    assert.include(issue.message.es, '«8-ABC-12» no tiene un formato válido')
    assert.include(issue.message.en, '"8-ABC-12" is not in a valid format')
  })

  test('a missing or badly written DV', ({ assert }) => {
    assert.equal(validateRuc('155596713-2-2015').issues[0].code, 'tax.pa.ruc.check_digit_required')
    assert.deepEqual(validateRuc('155596713-2-2015', { requireDv: false }).issues, [])
    assert.equal(
      validateRuc('155596713-2-2015', { dv: '5' }).issues[0].code,
      'tax.pa.ruc.check_digit_format'
    )
    assert.equal(
      validateRuc('155596713-2-2015', { dv: 'AB' }).issues[0].code,
      'tax.pa.ruc.check_digit_format'
    )
  })

  test('a RUC of the wrong person type', ({ assert }) => {
    const natural = validateRuc('155596713-2-2015', { dv: '59', personType: 'natural' })
    assert.equal(natural.issues[0].code, 'tax.pa.ruc.not_natural')
    const juridical = validateRuc('E-8-110361', { dv: '95', personType: 'juridical' })
    assert.equal(juridical.issues[0].code, 'tax.pa.ruc.not_juridical')
  })

  test('without a person type, the DV decides between readings', ({ assert }) => {
    const government = validateRuc('8-NT-1-13656', { dv: '43' })
    assert.deepEqual(government.issues, [])
    assert.equal(government.personType, 'juridical')

    const person = validateRuc('8-NT-1-24', { dv: '33' })
    assert.deepEqual(person.issues, [])
    assert.equal(person.personType, 'natural')

    assert.equal(validateRuc('8-NT-1-24', { dv: '34' }).issues[0].code, 'tax.pa.ruc.check_digit')
  })

  test('a shape without a DGI rule only warns', ({ assert }) => {
    const result = validateRuc('E-8788-26', { dv: '50', personType: 'natural' })
    assert.lengthOf(result.issues, 1)
    assert.equal(result.issues[0].code, 'tax.pa.ruc.check_digit_unverified')
    assert.equal(result.issues[0].severity, 'warning')
    assert.include(result.issues[0].message.es, 'confírmelo con la DGI')
    assert.include(result.issues[0].message.en, 'confirm it with the DGI')
    assert.isUndefined(result.expectedDv)
  })

  test('a 6-digit cédula asiento still checks the juridical reading', ({ assert }) => {
    // As a company tomo 8 RUC the DV is computable; as a cédula it is not.
    const juridicalDv = computeRucDv('8-123-123456', 'juridical')!
    assert.deepEqual(validateRuc('8-123-123456', { dv: juridicalDv }).issues, [])
    const other = juridicalDv === '00' ? '01' : '00'
    const warned = validateRuc('8-123-123456', { dv: other }).issues
    assert.deepEqual(
      warned.map((issue) => issue.severity),
      ['warning']
    )
  })

  test('never throws on odd input', ({ assert }) => {
    assert.doesNotThrow(() => validateRuc(null))
    assert.doesNotThrow(() => validateRuc(undefined, { dv: null }))
    assert.equal(validateRuc(null).issues[0].code, 'tax.pa.ruc.required')
    assert.equal(
      validateRuc('1234567890-1234-1234567').issues[0].message.en,
      'The RUC allows at most 20 characters.'
    )
  })
})
