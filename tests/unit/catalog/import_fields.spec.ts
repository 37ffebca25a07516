import { test } from '@japa/runner'
import { guessMapping, importFields, missingFields } from '#catalog/imports/fields'
import { customerColumns, productColumns } from '#catalog/exports/list_export'
import { rulesFor } from '#catalog/country_rules'
import { i18nFor } from '#catalog/i18n'

test.group('Import fields and column mapping', () => {
  test('customer fields follow the country', ({ assert }) => {
    assert.deepEqual(
      importFields('customers', rulesFor('EC')).map((field) => field.key),
      [
        'identificationType',
        'identification',
        'legalName',
        'tradeName',
        'address',
        'emails',
        'phone',
        'notes',
      ]
    )
    assert.includeMembers(
      importFields('customers', rulesFor('PA')).map((field) => field.key),
      ['checkDigits', 'taxpayerType', 'foreignIdType', 'foreignCountry']
    )
  })

  test('headers are matched without accents, case or spacing; each column once', ({ assert }) => {
    const fields = importFields('customers', rulesFor('EC'))
    assert.deepEqual(
      guessMapping(fields, [
        '  RAZÓN SOCIAL ',
        'Tipo_Identificación',
        'RUC / Cédula',
        'E-mail',
        'x',
      ]),
      { identificationType: 1, identification: 2, legalName: 0, emails: 3 }
    )
    const mapping = guessMapping(fields, ['Nombre', 'Nombre comercial'])
    assert.deepEqual(mapping, { legalName: 0, tradeName: 1 })
    assert.deepEqual(
      missingFields(fields, mapping).map((field) => field.key),
      ['identificationType', 'identification']
    )
  })

  test('an exported file maps back to every field, in Spanish and English', ({ assert }) => {
    for (const locale of ['es', 'en']) {
      const i18n = i18nFor(locale)
      for (const country of ['EC', 'PA']) {
        const fields = importFields('customers', rulesFor(country))
        const columns = customerColumns(
          i18n,
          fields.map((field) => field.key)
        ).filter((column) => column.key !== 'isActive')
        const headers = columns.map((column) => i18n.t(`catalog.fields.${column.key}`))
        const mapping = guessMapping(fields, headers)
        assert.deepEqual(
          Object.keys(mapping).sort(),
          fields.map((field) => field.key).sort(),
          `${locale} ${country}`
        )
      }
      const productFields = importFields('products', rulesFor('EC'))
      const headers = productColumns(i18n).map((column) => i18n.t(`catalog.fields.${column.key}`))
      assert.deepEqual(
        Object.keys(guessMapping(productFields, headers)).sort(),
        productFields.map((field) => field.key).sort(),
        locale
      )
    }
  })
})
