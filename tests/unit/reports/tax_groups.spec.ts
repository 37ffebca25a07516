import { test } from '@japa/runner'
import type { TaxCategory } from '#adapters/core/types'
import { groupTaxes } from '#reports/tax_groups'
import type { TaxRow } from '#reports/queries/period_report'

/** Panama's ITBMS categories, as an adapter declares them (the report knows no country). */
const ITBMS: TaxCategory[] = [
  {
    code: 'itbms_exento',
    kind: 'vat',
    label: { es: 'Exento', en: 'Exempt' },
    rate: '0',
    authorityCode: '00',
    authorityRateCode: '00',
    active: true,
  },
  {
    code: 'itbms_7',
    kind: 'vat',
    label: { es: 'ITBMS 7 %', en: 'ITBMS 7 %' },
    rate: '7',
    authorityCode: '01',
    authorityRateCode: '01',
    active: true,
  },
  {
    code: 'itbms_10',
    kind: 'vat',
    label: { es: 'ITBMS 10 %', en: 'ITBMS 10 %' },
    rate: '10',
    authorityCode: '02',
    authorityRateCode: '02',
    active: true,
  },
  {
    code: 'itbms_15',
    kind: 'vat',
    label: { es: 'ITBMS 15 %', en: 'ITBMS 15 %' },
    rate: '15',
    authorityCode: '03',
    authorityRateCode: '03',
    active: true,
  },
]

function row(category: string, values: Partial<TaxRow>): TaxRow {
  return {
    category,
    authorityCode: '',
    authorityRateCode: '',
    rate: '0',
    invoiceBase: '0',
    invoiceTax: '0',
    creditBase: '0',
    creditTax: '0',
    ...values,
  }
}

test.group('Tax report grouping', () => {
  test('Panama: one line per ITBMS rate in the adapter order, credit notes netted', ({
    assert,
  }) => {
    const report = groupTaxes(
      [
        row('itbms_15', {
          invoiceBase: '100.00',
          invoiceTax: '15.00',
          creditBase: '10.00',
          creditTax: '1.50',
        }),
        row('itbms_7', { invoiceBase: '200.00', invoiceTax: '14.00' }),
        row('itbms_exento', { invoiceBase: '33.33' }),
        row('itbms_10', { invoiceBase: '0.10', invoiceTax: '0.01' }),
      ],
      ITBMS,
      'es'
    )
    assert.deepEqual(
      report.lines.map((line) => [line.key, line.label, line.rate, line.netBase, line.netTax]),
      [
        ['itbms_exento', 'Exento', '0', '33.33', '0.00'],
        ['itbms_7', 'ITBMS 7 %', '7', '200.00', '14.00'],
        ['itbms_10', 'ITBMS 10 %', '10', '0.10', '0.01'],
        ['itbms_15', 'ITBMS 15 %', '15', '90.00', '13.50'],
      ]
    )
    assert.deepEqual(report.vat, { netBase: '323.43', netTax: '27.51' })
    assert.deepEqual(report.other, { netBase: '0.00', netTax: '0.00' })
    assert.isNull(report.form)
    assert.isTrue(report.lines.every((line) => line.boxes === null))
  })

  test('a category the adapter no longer lists still counts, under its code', ({ assert }) => {
    const report = groupTaxes(
      [row('itbms_old', { invoiceBase: '5.00', rate: '5', invoiceTax: '0.25' })],
      ITBMS,
      'en'
    )
    assert.deepEqual(
      report.lines.map((line) => [line.key, line.label, line.kind, line.rate, line.netTax]),
      [['itbms_old:', 'itbms_old', 'unknown', '5', '0.25']]
    )
    assert.deepEqual(report.other, { netBase: '5.00', netTax: '0.25' })
  })

  test('sums are exact in cents (no floating point)', ({ assert }) => {
    const rows = Array.from({ length: 10 }, () =>
      row('itbms_7', { invoiceBase: '0.10', invoiceTax: '0.01' })
    )
    const report = groupTaxes(rows, ITBMS, 'es')
    assert.equal(report.lines[0].netBase, '1.00')
    assert.equal(report.lines[0].netTax, '0.10')
  })
})
