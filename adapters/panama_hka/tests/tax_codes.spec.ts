import { test } from '@japa/runner'
import {
  PANAMA_DOCUMENT_TYPES,
  PANAMA_EMISSION_TYPES,
  PANAMA_PAYMENT_METHODS,
  PANAMA_TAX_CATEGORIES,
  PAYMENT_DESCRIPTION_LENGTH,
  findCode,
  taxCategories,
  taxCategoryForRateCode,
} from '#adapters/panama_hka/tax_codes'

test.group('Panama code tables', () => {
  test('ITBMS: tasaITBMS code → rate, as in panama-hka.md §2', ({ assert }) => {
    assert.deepEqual(
      taxCategories().map((category) => [category.code, category.authorityRateCode, category.rate]),
      [
        ['itbms_exento', '00', '0'],
        ['itbms_7', '01', '7'],
        ['itbms_10', '02', '10'],
        ['itbms_15', '03', '15'],
      ]
    )
    for (const category of taxCategories()) {
      assert.equal(category.kind, 'vat')
      assert.equal(category.authorityCode, 'ITBMS')
      assert.isTrue(category.active)
      assert.isNotEmpty(category.label.es)
      assert.isNotEmpty(category.label.en)
    }
  })

  test('finds a category by its tasaITBMS code', ({ assert }) => {
    assert.equal(taxCategoryForRateCode('01')?.code, 'itbms_7')
    assert.equal(taxCategoryForRateCode('00')?.rate, '0')
    assert.isUndefined(taxCategoryForRateCode('7'))
  })

  test('hands out copies of the categories', ({ assert }) => {
    const categories = taxCategories()
    categories[1].rate = '99'
    categories[1].label.es = 'cambiado'
    assert.equal(PANAMA_TAX_CATEGORIES[1].rate, '7')
    assert.equal(PANAMA_TAX_CATEGORIES[1].label.es, 'ITBMS 7 %')
  })

  test('formaPagoFact: 01-09 and 99, which needs a description', ({ assert }) => {
    assert.deepEqual(
      PANAMA_PAYMENT_METHODS.map((method) => method.code),
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '99']
    )
    assert.deepEqual(
      PANAMA_PAYMENT_METHODS.filter((method) => method.requiresDescription).map((m) => m.code),
      ['99']
    )
    assert.equal(findCode(PANAMA_PAYMENT_METHODS, '02')?.label.es, 'Efectivo')
    assert.equal(findCode(PANAMA_PAYMENT_METHODS, '08')?.key, 'bank_transfer')
    // "10 punto de pago" is unconfirmed (§2) and not offered.
    assert.isUndefined(findCode(PANAMA_PAYMENT_METHODS, '10'))
    assert.deepEqual(PAYMENT_DESCRIPTION_LENGTH, { min: 10, max: 100 })
  })

  test('tipoDocumento 01-10; only 04 and 05 reference an invoice', ({ assert }) => {
    assert.deepEqual(
      PANAMA_DOCUMENT_TYPES.map((type) => type.code),
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']
    )
    assert.deepEqual(
      PANAMA_DOCUMENT_TYPES.filter((type) => type.referencesInvoice).map((type) => type.code),
      ['04', '05']
    )
    assert.deepEqual(
      PANAMA_DOCUMENT_TYPES.filter((type) => type.nature === 'credit_note').map(
        (type) => type.code
      ),
      ['04', '06']
    )
    assert.equal(findCode(PANAMA_DOCUMENT_TYPES, '01')?.label.es, 'Factura de operación interna')
  })

  test('tipoEmision 01-04; 02 and 04 are contingency', ({ assert }) => {
    assert.deepEqual(
      PANAMA_EMISSION_TYPES.map((type) => [type.code, type.authorization, type.contingency]),
      [
        ['01', 'prior', false],
        ['02', 'prior', true],
        ['03', 'later', false],
        ['04', 'later', true],
      ]
    )
  })

  test('every entry has a unique code and key and both labels', ({ assert }) => {
    const tables = [PANAMA_PAYMENT_METHODS, PANAMA_DOCUMENT_TYPES, PANAMA_EMISSION_TYPES]
    for (const table of tables) {
      assert.equal(new Set(table.map((entry) => entry.code)).size, table.length)
      assert.equal(new Set(table.map((entry) => entry.key)).size, table.length)
      for (const entry of table) {
        assert.isNotEmpty(entry.label.es, entry.code)
        assert.isNotEmpty(entry.label.en, entry.code)
      }
    }
  })
})
