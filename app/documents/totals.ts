/*
|--------------------------------------------------------------------------
| Document totals
|--------------------------------------------------------------------------
|
| The arithmetic of a document, shared by the server (drafts, credit note
| balances) and the invoice form (live totals), so both show the same cents.
| Pure: decimal.js only, no framework imports. The adapter's build step
| recomputes the figures with the authority's own rules when the document
| is issued, and those are what gets stored; for SRI the rules are the same:
|
| - line subtotal = round2(quantity × unit price − discount), HALF_UP;
| - tax per category = round2(Σ bases × rate / 100), on the grouped base;
| - total = Σ line subtotals + Σ taxes + tip.
|
*/
import { Decimal } from 'decimal.js'

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })

export interface TotalsLine {
  quantity: string | number
  unitPrice: string | number
  discount?: string | number | null
  taxCategory: string
}

export interface TotalsResult {
  lines: string[]
  subtotal: string
  discount: string
  taxes: Array<{ category: string; rate: string; base: string; amount: string }>
  taxTotal: string
  tip: string
  total: string
}

/** A decimal from user input; anything unreadable counts as zero (the validator reports it). */
function read(value: string | number | null | undefined) {
  if (value === null || value === undefined || value === '') return new D(0)
  try {
    return new D(typeof value === 'string' ? value.replace(',', '.') : value)
  } catch {
    return new D(0)
  }
}

function round2(value: Decimal) {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
}

/**
 * Computes a document's totals. `rates` maps each tax category code to its
 * percentage ("15"); an unknown category is taxed at 0.
 */
export function computeTotals(
  lines: TotalsLine[],
  rates: Record<string, string>,
  tip: string | number = 0
): TotalsResult {
  const groups = new Map<string, { rate: Decimal; base: Decimal }>()
  let subtotal = new D(0)
  let discount = new D(0)
  const lineTotals = lines.map((line) => {
    const lineDiscount = round2(read(line.discount))
    const total = round2(read(line.quantity).mul(read(line.unitPrice)).minus(lineDiscount))
    subtotal = subtotal.plus(total)
    discount = discount.plus(lineDiscount)
    const group = groups.get(line.taxCategory) ?? {
      rate: read(rates[line.taxCategory]),
      base: new D(0),
    }
    group.base = group.base.plus(total)
    groups.set(line.taxCategory, group)
    return total.toFixed(2)
  })
  const taxes = [...groups.entries()].map(([category, group]) => ({
    category,
    rate: group.rate.toFixed(),
    base: group.base.toFixed(2),
    amount: round2(group.base.mul(group.rate).div(100)).toFixed(2),
  }))
  const taxTotal = taxes.reduce((sum, tax) => sum.plus(tax.amount), new D(0))
  const tipValue = round2(read(tip))
  return {
    lines: lineTotals,
    subtotal: subtotal.toFixed(2),
    discount: discount.toFixed(2),
    taxes,
    taxTotal: taxTotal.toFixed(2),
    tip: tipValue.toFixed(2),
    total: subtotal.plus(taxTotal).plus(tipValue).toFixed(2),
  }
}

/** quantity × unit price before the discount, as money: the most a line's discount can be. */
export function lineGross(quantity: string | number, unitPrice: string | number) {
  return round2(read(quantity).mul(read(unitPrice))).toFixed(2)
}

/** a − b as money (credit note balances). */
export function subtractMoney(a: string, b: string) {
  return round2(read(a).minus(read(b))).toFixed(2)
}

/** Σ amounts as money. */
export function sumMoney(values: string[]) {
  return round2(values.reduce((sum, value) => sum.plus(read(value)), new D(0))).toFixed(2)
}

/** a ≤ b for money strings. */
export function notAbove(a: string, b: string) {
  return read(a).lte(read(b))
}

/** A decimal as plain text, without trailing zeros ("2.000000" → "2"), for messages and pages. */
export function plainDecimal(value: string | number) {
  return read(value).toFixed()
}

/** a − b exactly (quantities carry up to 6 decimals), as plain text. */
export function subtractDecimal(a: string | number, b: string | number) {
  return read(a).minus(read(b)).toFixed()
}

/** a + b exactly, as plain text. */
export function addDecimal(a: string | number, b: string | number) {
  return read(a).plus(read(b)).toFixed()
}

/** value > 0. */
export function isPositive(value: string | number) {
  return read(value).gt(0)
}

/**
 * The share of a money amount that `part` of `whole` takes, rounded to
 * cents HALF_UP (the discount of a partly credited line); 0 when whole is 0.
 */
export function shareOf(amount: string, part: string, whole: string) {
  const total = read(whole)
  if (total.isZero()) return '0.00'
  return round2(read(amount).mul(read(part)).div(total)).toFixed(2)
}
