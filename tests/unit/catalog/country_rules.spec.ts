import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { TaxManager } from '#adapters/core/manager'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import {
  checkCustomerIdentity,
  emissionPointCodeFormat,
  establishmentCodeFormat,
  matchesFormat,
  resolveIdentificationType,
  resolveTaxCategory,
  rulesFor,
} from '#catalog/country_rules'
import { i18nFor } from '#catalog/i18n'

const blank = {
  identification: '',
  checkDigits: null,
  taxpayerType: null,
  foreignIdType: null,
  foreignCountry: null,
}

test.group('Country rules through the tax manager', () => {
  test('Ecuador and Panama both come from their registered authority', async ({ assert }) => {
    const manager = await app.container.make('tax.manager')
    assert.deepEqual(
      rulesFor('EC')
        .identificationTypes()
        .map((type) => type.code),
      ['04', '05', '06', '07', '08']
    )
    assert.deepEqual(
      rulesFor('pa')
        .identificationTypes()
        .map((type) => type.code),
      ['01', '02', '03', '04']
    )
    // One registry: both countries are registered authorities that issue.
    assert.includeMembers(manager.countries(), ['EC', 'PA'])
    assert.isTrue(manager.use('EC').capabilities.issuing)
    assert.isTrue(manager.use('PA').capabilities.issuing)
    assert.throws(() => rulesFor('CO'), /No tax adapter is registered for country "CO"/)
  })

  test('a faked adapter answers for its country until restored', ({ assert }) => {
    const manager = new TaxManager()
    const real = new FakeTaxAuthority({ country: 'ZZ' })
    manager.register('zz', () => real)
    assert.strictEqual(manager.use('ZZ'), real)
    assert.deepEqual(manager.countries(), ['ZZ'])
    assert.deepEqual(manager.all(), [real])

    const fake = manager.fake('ZZ', new FakeTaxAuthority({ country: 'ZZ' }))
    assert.strictEqual(manager.use('ZZ'), fake)
    assert.deepEqual(manager.all(), [fake])
    manager.restore('ZZ')
    assert.strictEqual(manager.use('ZZ'), real)
  })

  test('code formats: three digits by default, Panama its own', ({ assert }) => {
    const ec = rulesFor('EC')
    const pa = rulesFor('PA')
    assert.isTrue(matchesFormat(establishmentCodeFormat(ec), '001'))
    assert.isFalse(matchesFormat(establishmentCodeFormat(ec), '000'))
    assert.isFalse(matchesFormat(establishmentCodeFormat(ec), '0001'))
    assert.isTrue(matchesFormat(establishmentCodeFormat(pa), '0000'))
    assert.isTrue(matchesFormat(establishmentCodeFormat(pa), '0001'))
    assert.isFalse(matchesFormat(establishmentCodeFormat(pa), '001'))
    assert.isTrue(matchesFormat(emissionPointCodeFormat(pa), '001'))
    assert.isFalse(matchesFormat(emissionPointCodeFormat(pa), '000'))
  })

  test('types and categories are found by code, key or label', ({ assert }) => {
    const ec = rulesFor('EC')
    assert.equal(resolveIdentificationType(ec, 'Cédula')?.code, '05')
    assert.equal(resolveIdentificationType(ec, 'cedula')?.code, '05')
    assert.equal(resolveIdentificationType(ec, '5')?.code, '05')
    assert.equal(resolveIdentificationType(ec, 'National id (cédula)')?.code, '05')
    assert.isUndefined(resolveIdentificationType(ec, 'dni'))
    assert.equal(resolveTaxCategory(ec, 'IVA 15 %')?.code, 'iva_15')
    assert.equal(resolveTaxCategory(ec, 'Exento de IVA')?.code, 'iva_exento')
    // Historic rates are not offered for new products.
    assert.isUndefined(resolveTaxCategory(ec, 'iva_12'))
    assert.equal(resolveTaxCategory(rulesFor('PA'), 'ITBMS 7 %')?.code, 'itbms_7')
  })
})

test.group('Checking a customer identification', () => {
  const es = i18nFor('es')
  const en = i18nFor('en')

  test('Ecuador: check digits, fixed number for final consumers, language', ({ assert }) => {
    const ec = rulesFor('EC')
    const bad = checkCustomerIdentity(
      ec,
      { ...blank, identificationType: '05', identification: '1710034066' },
      es
    )
    assert.deepEqual(bad.errors, [
      {
        field: 'identification',
        code: 'tax.ec.identification.cedula_check_digit',
        message: 'La cédula no es válida: el dígito verificador no coincide.',
      },
    ])
    const english = checkCustomerIdentity(
      ec,
      { ...blank, identificationType: '05', identification: '1710034066' },
      en
    )
    assert.equal(
      english.errors[0].message,
      'The cédula is not valid: its check digit does not match.'
    )

    const finalConsumer = checkCustomerIdentity(ec, { ...blank, identificationType: '07' }, es)
    assert.lengthOf(finalConsumer.errors, 0)
    assert.equal(finalConsumer.value.identification, '9999999999999')

    // Extra fields a type does not take are dropped.
    const cleared = checkCustomerIdentity(
      ec,
      { ...blank, identificationType: '05', identification: '1710034065', checkDigits: '12' },
      es
    )
    assert.isNull(cleared.value.checkDigits)

    const unknown = checkCustomerIdentity(ec, { ...blank, identificationType: '99' }, es)
    assert.equal(unknown.errors[0].field, 'identificationType')
  })

  test('Ecuador: an unverifiable company RUC checksum only warns', ({ assert }) => {
    // Third digit 9, structure fine, módulo 11 not satisfied.
    const result = checkCustomerIdentity(
      rulesFor('EC'),
      { ...blank, identificationType: '04', identification: '1790000000001' },
      es
    )
    assert.lengthOf(result.errors, 0)
    assert.lengthOf(result.warnings, 1)
  })

  test('Panama: errors land on the DV, taxpayer type and country fields', ({ assert }) => {
    const pa = rulesFor('PA')
    const wrongDv = checkCustomerIdentity(
      pa,
      {
        ...blank,
        identificationType: '01',
        identification: '155596713-2-2015',
        checkDigits: '58',
        taxpayerType: '2',
      },
      es
    )
    assert.deepEqual(
      wrongDv.errors.map((error) => error.field),
      ['checkDigits']
    )
    const noType = checkCustomerIdentity(
      pa,
      { ...blank, identificationType: '03', identification: '155596713-2-2015', checkDigits: '59' },
      es
    )
    assert.deepEqual(
      noType.errors.map((error) => error.field),
      ['taxpayerType']
    )
    const passport = checkCustomerIdentity(
      pa,
      {
        ...blank,
        identificationType: '04',
        identification: 'X1',
        foreignIdType: '01',
        checkDigits: '12',
      },
      es
    )
    assert.deepEqual(
      passport.errors.map((error) => error.field),
      ['foreignCountry']
    )
    assert.isNull(passport.value.checkDigits)
    const finalConsumer = checkCustomerIdentity(pa, { ...blank, identificationType: '02' }, es)
    assert.lengthOf(finalConsumer.errors, 0)
    assert.equal(finalConsumer.value.identification, '')
  })
})
