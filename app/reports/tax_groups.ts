/*
|--------------------------------------------------------------------------
| Tax report lines
|--------------------------------------------------------------------------
|
| Turns the summed rows of document_taxes into the lines a tax return asks
| for, knowing nothing of any country: the categories (label, kind, rate)
| come from the company's adapter (`taxCategories()`), and so do the boxes
| of the return (`declarationMapping()`), when the adapter has them. VAT
| categories give one line each; an excise category (ICE) gives one line
| per authority rate code, since each code is its own tariff. Pure: no
| database, decimal.js for the arithmetic.
|
*/
import { Decimal } from 'decimal.js'
import type { DeclarationMapping, TaxCategory } from '#adapters/core/types'
import type { TaxRow } from '#reports/queries/period_report'

export interface TaxLine {
  key: string
  category: string
  kind: TaxCategory['kind'] | 'unknown'
  label: string
  rate: string
  authorityCode: string
  authorityRateCode: string
  grossBase: string
  creditBase: string
  netBase: string
  grossTax: string
  creditTax: string
  netTax: string
  /** Boxes of the return, or null when not mapped. */
  boxes: { gross: string; net: string; tax: string; note: string } | null
}

export interface TaxTotals {
  netBase: string
  netTax: string
}

export interface TaxReport {
  lines: TaxLine[]
  /** VAT lines together (ITBMS, IVA). */
  vat: TaxTotals
  /** Everything that is not VAT (ICE, IRBPNR). */
  other: TaxTotals
  /** Name of the return the boxes belong to, or null. */
  form: string | null
}

type Locale = 'es' | 'en'

const fixed = (value: Decimal) => value.toFixed(2)

export function groupTaxes(
  rows: TaxRow[],
  categories: TaxCategory[],
  locale: Locale,
  declaration?: DeclarationMapping
): TaxReport {
  const order = new Map(categories.map((category, index) => [category.code, index]))
  const lines = new Map<
    string,
    { line: TaxLine; sums: Record<'gb' | 'cb' | 'gt' | 'ct', Decimal>; order: number }
  >()
  for (const row of rows) {
    const category = categories.find((item) => item.code === row.category)
    const kind = category?.kind ?? 'unknown'
    const key = kind === 'vat' ? row.category : `${row.category}:${row.authorityRateCode}`
    let entry = lines.get(key)
    if (!entry) {
      const boxes = declaration?.boxes[row.category]
      const label = category?.label[locale] ?? row.category
      entry = {
        order: order.get(row.category) ?? Number.MAX_SAFE_INTEGER,
        sums: { gb: new Decimal(0), cb: new Decimal(0), gt: new Decimal(0), ct: new Decimal(0) },
        line: {
          key,
          category: row.category,
          kind,
          label:
            kind === 'vat' || !row.authorityRateCode ? label : `${label} ${row.authorityRateCode}`,
          rate: category?.rate ?? row.rate,
          authorityCode: row.authorityCode,
          authorityRateCode: row.authorityRateCode,
          grossBase: '0.00',
          creditBase: '0.00',
          netBase: '0.00',
          grossTax: '0.00',
          creditTax: '0.00',
          netTax: '0.00',
          boxes: boxes
            ? {
                gross: boxes.gross ?? '',
                net: boxes.net ?? '',
                tax: boxes.tax ?? '',
                note: boxes.note?.[locale] ?? '',
              }
            : null,
        },
      }
      lines.set(key, entry)
    }
    entry.sums.gb = entry.sums.gb.plus(row.invoiceBase)
    entry.sums.cb = entry.sums.cb.plus(row.creditBase)
    entry.sums.gt = entry.sums.gt.plus(row.invoiceTax)
    entry.sums.ct = entry.sums.ct.plus(row.creditTax)
  }

  const vat = { base: new Decimal(0), tax: new Decimal(0) }
  const other = { base: new Decimal(0), tax: new Decimal(0) }
  const result: TaxLine[] = []
  for (const { line, sums } of [...lines.values()].sort(
    (a, b) => a.order - b.order || a.line.key.localeCompare(b.line.key)
  )) {
    const netBase = sums.gb.minus(sums.cb)
    const netTax = sums.gt.minus(sums.ct)
    const bucket = line.kind === 'vat' ? vat : other
    bucket.base = bucket.base.plus(netBase)
    bucket.tax = bucket.tax.plus(netTax)
    result.push({
      ...line,
      grossBase: fixed(sums.gb),
      creditBase: fixed(sums.cb),
      netBase: fixed(netBase),
      grossTax: fixed(sums.gt),
      creditTax: fixed(sums.ct),
      netTax: fixed(netTax),
    })
  }
  return {
    lines: result,
    vat: { netBase: fixed(vat.base), netTax: fixed(vat.tax) },
    other: { netBase: fixed(other.base), netTax: fixed(other.tax) },
    form: declaration ? declaration.form[locale] : null,
  }
}
