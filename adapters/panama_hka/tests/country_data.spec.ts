import { test } from '@japa/runner'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import {
  EMISSION_POINT_CODE_FORMAT,
  ESTABLISHMENT_CODE_FORMAT,
  formatEmissionPointCode,
  formatEstablishmentCode,
  panamaCountryData,
  validateEmissionPointCode,
  validateEstablishmentCode,
} from '#adapters/panama_hka/country_data'

test.group('Panama country data', () => {
  test('can stand in for the contract country-data methods', ({ assert }) => {
    // Compile-time check: the object fits the TaxAuthority signatures.
    const contract: Pick<
      TaxAuthority,
      'identificationTypes' | 'validateIdentification' | 'taxCategories'
    > = panamaCountryData

    assert.deepEqual(
      contract.identificationTypes().map((type) => type.code),
      ['01', '02', '03', '04']
    )
    assert.deepEqual(contract.validateIdentification('01', '155596713-2-2015 DV 59'), [])
    assert.equal(
      contract.validateIdentification('01', '155596713-2-2015 DV 58')[0].severity,
      'error'
    )
    assert.deepEqual(
      contract.taxCategories().map((category) => category.rate),
      ['0', '7', '10', '15']
    )
    assert.equal(panamaCountryData.country, 'PA')
  })

  test('exposes Panama-only tables', ({ assert }) => {
    assert.deepEqual(
      panamaCountryData.taxpayerTypes().map((type) => [type.code, type.key]),
      [
        ['1', 'natural'],
        ['2', 'juridical'],
      ]
    )
    assert.deepEqual(
      panamaCountryData.foreignIdentificationTypes().map((type) => type.code),
      ['01', '02', '99']
    )
    assert.lengthOf(panamaCountryData.paymentMethods(), 10)
    assert.lengthOf(panamaCountryData.documentTypes(), 10)
    assert.lengthOf(panamaCountryData.emissionTypes(), 4)
    assert.deepEqual(
      panamaCountryData.validateCustomer({ type: '04', foreignIdType: '01', number: 'P1234567' })[0]
        .code,
      'tax.pa.identification.foreign_country'
    )
  })

  test('tables are copies: changing one does not change the next call', ({ assert }) => {
    panamaCountryData.paymentMethods()[0].label.es = 'cambiado'
    panamaCountryData.identificationTypes()[0].label.es = 'cambiado'
    assert.equal(panamaCountryData.paymentMethods()[0].label.es, 'Crédito')
    assert.equal(panamaCountryData.identificationTypes()[0].label.es, 'Contribuyente')
  })

  test('sucursal codes: 0000 casa matriz, 0001 onwards branches', ({ assert }) => {
    assert.equal(ESTABLISHMENT_CODE_FORMAT.headOffice, '0000')
    for (const code of ['0000', '0001', '0150', '9999']) {
      assert.deepEqual(validateEstablishmentCode(code), [], code)
    }
    for (const code of ['000', '00001', '1', 'A001', ' 0001', '', null]) {
      const issues = validateEstablishmentCode(code)
      assert.lengthOf(issues, 1, String(code))
      assert.equal(issues[0].code, 'tax.pa.establishment.format')
      assert.equal(issues[0].field, 'issuer.establishmentCode')
    }
    assert.include(validateEstablishmentCode('1')[0].message.es, '0000 para la casa matriz')
    assert.include(validateEstablishmentCode('1')[0].message.en, '0000 for the head office')
  })

  test('punto de facturación codes: 001-999, never 000', ({ assert }) => {
    for (const code of ['001', '010', '565', '999']) {
      assert.deepEqual(validateEmissionPointCode(code), [], code)
    }
    for (const code of ['000', '01', '0001', 'A01', undefined]) {
      const issues = validateEmissionPointCode(code, 'point.code')
      assert.lengthOf(issues, 1, String(code))
      assert.equal(issues[0].code, 'tax.pa.emission_point.format')
      assert.equal(issues[0].field, 'point.code')
    }
  })

  test('formats and patterns agree', ({ assert }) => {
    assert.equal(formatEstablishmentCode(0), '0000')
    assert.equal(formatEstablishmentCode(12), '0012')
    assert.isNull(formatEstablishmentCode(10000))
    assert.isNull(formatEstablishmentCode(-1))
    assert.equal(formatEmissionPointCode(1), '001')
    assert.isNull(formatEmissionPointCode(0))
    assert.isNull(formatEmissionPointCode(1.5))

    const point = new RegExp(EMISSION_POINT_CODE_FORMAT.pattern)
    assert.isTrue(point.test(EMISSION_POINT_CODE_FORMAT.first))
    assert.isTrue(point.test(EMISSION_POINT_CODE_FORMAT.last))
    assert.isFalse(point.test('000'))
    const branch = new RegExp(ESTABLISHMENT_CODE_FORMAT.pattern)
    assert.isTrue(branch.test(ESTABLISHMENT_CODE_FORMAT.first))
    assert.isTrue(branch.test(ESTABLISHMENT_CODE_FORMAT.last))
    assert.isNotEmpty(ESTABLISHMENT_CODE_FORMAT.hint.es)
    assert.isNotEmpty(EMISSION_POINT_CODE_FORMAT.hint.en)
  })
})
