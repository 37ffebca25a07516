/*
|--------------------------------------------------------------------------
| Panama: the amounts of an HKA documento
|--------------------------------------------------------------------------
|
| Decimal only (decimal.js), HALF_UP. The rules are HKA's (hka/01_documentos_fel/
| 02_metodo_enviar.md, tables `item` and `totalesSubTotales`):
|
|   item    precioUnitarioDescuento  the discount per unit, in balboas
|           precioItem  = cantidad × (precioUnitario − precioUnitarioDescuento)
|           valorITBMS  = tasa × precioItem
|           valorTotal  = precioItem + valorITBMS      (no acarreo, seguro, ISC)
|   totals  totalPrecioNeto   = Σ precioItem
|           totalITBMS        = Σ valorITBMS
|           totalMontoGravado = totalITBMS + totalISC + Σ OTI   (the tax sum)
|           totalTodosItems   = Σ valorTotal
|           totalFactura      = totalTodosItems − totalDescuento
|
| Item amounts keep up to 6 decimals and totals 2 ("amounts with up to 6
| decimals on items, 2 on totals", panama-hka.md §1.4); every total rounds
| the exact sum once, as HKA's examples do (0.3885 → 0.39, 86.3884 → 86.39,
| 5.9385 → 5.94).
|
| Facturo keeps a line discount as one amount for the whole line; HKA wants
| it per unit, so it is divided by the quantity and rounded to 6 decimals.
| When that division is not exact the line total moves by less than a
| millionth per unit, far below a cent.
|
*/
import { Decimal } from 'decimal.js'
import type { DocumentLine, TaxDocument } from '#adapters/core/types'
import { findTaxCategory } from '#adapters/panama_hka/tax_codes'

/** A Decimal constructor with enough precision and HALF_UP rounding. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })
export type Dec = Decimal

const ZERO = new Dec(0)
const HUNDRED = new Dec(100)

/** Money on totals: exactly 2 decimals ("5.94"). */
export function money(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP)
}

/**
 * An item amount (cantidad, prices, item taxes): at least 2 and at most 6
 * decimals, as HKA's examples write them ("1.00", "0.3885", "5.9385").
 */
export function fine(value: Decimal): string {
  return value.toFixed(6, Decimal.ROUND_HALF_UP).replace(/(\.\d\d\d*?)0+$/, '$1')
}

function round6(value: Decimal): Decimal {
  return value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP)
}

function round2(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
}

/** Reads a decimal string; throws on anything else (validate() reports it first). */
export function decimal(value: string | number | undefined | null, fallback = '0'): Decimal {
  const text = value === undefined || value === null || value === '' ? fallback : String(value)
  return new Dec(text)
}

export interface ComputedItem {
  line: DocumentLine
  quantity: Decimal
  unitPrice: Decimal
  /** precioUnitarioDescuento. */
  unitDiscount: Decimal
  /** precioItem. */
  price: Decimal
  /** tasaITBMS code ("00".."03") and its percentage. */
  rateCode: string
  rate: Decimal
  /** valorITBMS. */
  tax: Decimal
  /** valorTotal. */
  total: Decimal
}

export interface ComputedTaxGroup {
  category: string
  rateCode: string
  rate: Decimal
  /** Σ precioItem of the category, exact. */
  base: Decimal
  /** Σ valorITBMS of the category, exact. */
  amount: Decimal
}

export interface ComputedDocumento {
  items: ComputedItem[]
  groups: ComputedTaxGroup[]
  /** totalPrecioNeto, 2 decimals. */
  net: Decimal
  /** totalITBMS, 2 decimals. */
  itbms: Decimal
  /** totalMontoGravado: the tax sum (ITBMS only: Facturo sends no ISC nor OTI). */
  taxed: Decimal
  /** Σ of the Facturo line discounts, 2 decimals (for the app's totals; HKA carries them per unit). */
  lineDiscounts: Decimal
  /** totalDescuento: global discounts, which Facturo does not issue. */
  globalDiscount: Decimal
  /** totalTodosItems, 2 decimals. */
  allItems: Decimal
  /** totalFactura, 2 decimals. */
  total: Decimal
}

/** The per-unit discount HKA wants, from Facturo's discount for the whole line. */
export function unitDiscountOf(quantity: Decimal, discount: Decimal): Decimal {
  if (discount.isZero() || quantity.isZero()) return ZERO
  return round6(discount.div(quantity))
}

/** Computes every amount of the documento. Throws on unreadable numbers or unknown categories. */
export function computeDocumento(doc: TaxDocument): ComputedDocumento {
  const groups = new Map<string, ComputedTaxGroup>()
  let lineDiscounts = ZERO
  const items = doc.lines.map((line) => {
    const category = findTaxCategory(line.taxCategory)
    if (!category) throw new Error(`unknown tax category "${line.taxCategory}"`)
    const quantity = decimal(line.quantity)
    const unitPrice = decimal(line.unitPrice)
    const discount = decimal(line.discount)
    lineDiscounts = lineDiscounts.plus(discount)
    const unitDiscount = unitDiscountOf(quantity, discount)
    const price = round6(quantity.mul(unitPrice.minus(unitDiscount)))
    const rate = new Dec(category.rate)
    const tax = round6(price.mul(rate).div(HUNDRED))
    const total = round6(price.plus(tax))

    const group = groups.get(category.code) ?? {
      category: category.code,
      rateCode: category.authorityRateCode,
      rate,
      base: ZERO,
      amount: ZERO,
    }
    group.base = group.base.plus(price)
    group.amount = group.amount.plus(tax)
    groups.set(category.code, group)

    return {
      line,
      quantity,
      unitPrice,
      unitDiscount,
      price,
      rateCode: category.authorityRateCode,
      rate,
      tax,
      total,
    }
  })

  const sum = (pick: (item: ComputedItem) => Decimal) =>
    items.reduce((total, item) => total.plus(pick(item)), ZERO)
  const net = round2(sum((item) => item.price))
  const itbms = round2(sum((item) => item.tax))
  const allItems = round2(sum((item) => item.total))
  const globalDiscount = ZERO
  return {
    items,
    groups: [...groups.values()],
    net,
    itbms,
    taxed: itbms,
    lineDiscounts: round2(lineDiscounts),
    globalDiscount,
    allItems,
    total: allItems.minus(globalDiscount),
  }
}
