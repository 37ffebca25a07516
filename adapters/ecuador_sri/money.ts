/*
|--------------------------------------------------------------------------
| SRI arithmetic
|--------------------------------------------------------------------------
|
| Decimal only (decimal.js), rounding HALF_UP to 2 places for money (no
| public source fixes SRI's mode; Odoo's float_round defaults to half-up).
| Quantities and unit prices keep up to 6 places (x.1.0 schemas).
|
| Rules (ficha técnica table 21 and an authorized factura, see
| docs/adapters/ecuador-sri.md):
| - line: precioTotalSinImpuesto = round2(cantidad × precioUnitario − descuento)
| - ICE ad valorem on the line total; IVA base = line total + ICE;
|   impuesto.valor = round2(base × tarifa / 100)
| - totalImpuesto per (codigo, codigoPorcentaje): baseImponible = Σ line
|   bases; valor = round2(Σ bases × tarifa / 100), i.e. tax on the grouped
|   base, which may differ by a cent from Σ line valores (SRI authorizes it;
|   error 52 "diferencias" is about the grouped figure)
| - totalSinImpuestos = Σ line totals; totalDescuento = Σ line discounts;
|   importeTotal = totalSinImpuestos + Σ totalImpuesto.valor + propina
|
*/
import { Decimal } from 'decimal.js'
import type { DocumentLine, TaxDocument } from '#adapters/core/types'
import { findIvaCategory, TAX_KIND_CODES } from '#adapters/ecuador_sri/tax_codes'

/** A Decimal constructor with enough precision and SRI's rounding. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })
export type Dec = Decimal

const HUNDRED = new Dec(100)
const ZERO = new Dec(0)
/** IRBPNR: USD 0.02 per bottle. */
const IRBPNR_PER_UNIT = '0.02'

export function round2(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
}

/** Money as SRI writes it: exactly 2 decimals. */
export function money(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP)
}

/**
 * Quantity or unit price for x.1.0 schemas: at least 2 and at most 6
 * decimals ("2" → "2.00", "0.1234567" → "0.123457").
 */
export function fine(value: Decimal): string {
  const six = value.toFixed(6, Decimal.ROUND_HALF_UP)
  return six.replace(/(\.\d\d\d*?)0+$/, '$1')
}

/** A tax rate as written in <tarifa>: no trailing zeros ("15", "0.02", "12.5"). */
export function rate(value: Decimal | string): string {
  return new Dec(value).toDecimalPlaces(2).toFixed()
}

export interface LineTax {
  /** impuesto/codigo: 2 IVA, 3 ICE, 5 IRBPNR. */
  codigo: string
  codigoPorcentaje: string
  tarifa: Decimal
  base: Decimal
  value: Decimal
  /** Category code from the neutral document ('iva_15', 'ice', 'irbpnr'). */
  category: string
  /** True when the amount is per unit rather than a percentage of the base. */
  specific: boolean
}

export interface ComputedLine {
  line: DocumentLine
  quantity: Decimal
  unitPrice: Decimal
  discount: Decimal
  /** precioTotalSinImpuesto. */
  total: Decimal
  taxes: LineTax[]
}

export interface TaxGroup {
  codigo: string
  codigoPorcentaje: string
  category: string
  tarifa: Decimal
  base: Decimal
  value: Decimal
  /** Σ of the lines' own valores (each rounded on its line's base). */
  lineValues: Decimal
  /**
   * Σ line valores − group valor. Not an error: SRI's own tool computes the
   * group's tax on the grouped base, and an authorized factura shows a
   * 1-cent gap (docs/adapters/ecuador-sri.md, "Rounding"). It grows with
   * the number of lines; it is recorded in the document's technical
   * details and named if SRI ever answers 52.
   */
  lineDifference: Decimal
}

export interface ComputedDocument {
  lines: ComputedLine[]
  /** totalSinImpuestos. */
  subtotal: Decimal
  /** totalDescuento. */
  discount: Decimal
  groups: TaxGroup[]
  tip: Decimal
  /** importeTotal. */
  total: Decimal
}

/**
 * Computes every figure of the document. Expects amounts already checked
 * by the validator (decimal strings); an unknown IVA category throws.
 */
export function computeDocument(doc: TaxDocument): ComputedDocument {
  const lines = doc.lines.map(computeLine)
  const groups = groupTaxes(lines)
  const subtotal = lines.reduce((sum, line) => sum.plus(line.total), ZERO)
  const discount = lines.reduce((sum, line) => sum.plus(line.discount), ZERO)
  const tip = round2(new Dec(doc.tip ?? 0))
  const total = groups.reduce((sum, group) => sum.plus(group.value), subtotal).plus(tip)
  return { lines, subtotal, discount, groups, tip, total }
}

export function computeLine(line: DocumentLine): ComputedLine {
  const quantity = new Dec(line.quantity)
  const unitPrice = new Dec(line.unitPrice)
  const discount = round2(new Dec(line.discount ?? 0))
  const total = round2(quantity.mul(unitPrice).minus(discount))
  const taxes: LineTax[] = []

  let iceTotal = ZERO
  for (const extra of line.extraTaxes ?? []) {
    if (extra.category === 'ice') {
      const specific = extra.amountPerUnit !== undefined && extra.rate === undefined
      const tarifa = new Dec(specific ? extra.amountPerUnit! : (extra.rate ?? 0))
      const value = specific ? round2(quantity.mul(tarifa)) : round2(total.mul(tarifa).div(HUNDRED))
      iceTotal = iceTotal.plus(value)
      taxes.push({
        codigo: TAX_KIND_CODES.ice,
        codigoPorcentaje: extra.authorityCode ?? '',
        tarifa,
        base: total,
        value,
        category: 'ice',
        specific,
      })
    } else if (extra.category === 'irbpnr') {
      // Per bottle; the base is the line total, as Odoo's l10n_ec_edi emits it (unconfirmed by SRI docs).
      const tarifa = new Dec(extra.amountPerUnit ?? IRBPNR_PER_UNIT)
      taxes.push({
        codigo: TAX_KIND_CODES.irbpnr,
        codigoPorcentaje: extra.authorityCode ?? '5001',
        tarifa,
        base: total,
        value: round2(quantity.mul(tarifa)),
        category: 'irbpnr',
        specific: true,
      })
    }
  }

  const iva = findIvaCategory(line.taxCategory)
  if (!iva) throw new Error(`Unknown IVA category "${line.taxCategory}"`)
  // The IVA base includes ICE (ficha técnica: 295000 + 14750 ICE = 309750 at 12 %).
  const ivaBase = total.plus(iceTotal)
  const ivaRate = new Dec(iva.rate)
  taxes.unshift({
    codigo: iva.authorityCode,
    codigoPorcentaje: iva.authorityRateCode,
    tarifa: ivaRate,
    base: ivaBase,
    value: round2(ivaBase.mul(ivaRate).div(HUNDRED)),
    category: iva.code,
    specific: false,
  })

  return { line, quantity, unitPrice, discount, total, taxes }
}

function groupTaxes(lines: ComputedLine[]): TaxGroup[] {
  const groups = new Map<
    string,
    { first: LineTax; base: Decimal; lineValues: Decimal; sameRate: boolean }
  >()
  for (const line of lines) {
    for (const tax of line.taxes) {
      const key = `${tax.codigo}|${tax.codigoPorcentaje}`
      const group = groups.get(key)
      if (group) {
        group.base = group.base.plus(tax.base)
        group.lineValues = group.lineValues.plus(tax.value)
        group.sameRate = group.sameRate && group.first.tarifa.eq(tax.tarifa) && !tax.specific
      } else {
        groups.set(key, {
          first: tax,
          base: tax.base,
          lineValues: tax.value,
          sameRate: !tax.specific,
        })
      }
    }
  }
  // IVA first (by code), then ICE, then IRBPNR: a stable, readable order.
  return [...groups.values()]
    .sort(
      (a, b) =>
        Number(a.first.codigo) - Number(b.first.codigo) ||
        Number(a.first.codigoPorcentaje) - Number(b.first.codigoPorcentaje)
    )
    .map(({ first, base, lineValues, sameRate }) => {
      // Tax on the grouped base (SRI's own tool); per-unit taxes and mixed rates add up line values.
      const value = sameRate ? round2(base.mul(first.tarifa).div(HUNDRED)) : lineValues
      return {
        codigo: first.codigo,
        codigoPorcentaje: first.codigoPorcentaje,
        category: first.category,
        tarifa: first.tarifa,
        base,
        value,
        lineValues,
        lineDifference: lineValues.minus(value),
      }
    })
}
