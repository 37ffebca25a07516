/*
 * Random invoices for arithmetic tests and the rounding survey: a seeded
 * PRNG (mulberry32), so a failing seed reproduces exactly. Lines mix every
 * current IVA rate, 6-decimal quantities and prices, 2-decimal discounts
 * and ICE ad valorem, which is what makes per-line and grouped rounding
 * drift apart.
 */
import type { DocumentLine, TaxDocument } from '#adapters/core/types'

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CATEGORIES = [
  'iva_15',
  'iva_15',
  'iva_15',
  'iva_15',
  'iva_5',
  'iva_0',
  'iva_no_objeto',
  'iva_exento',
]

/** A decimal string with up to `places` decimals between min and max. */
function amount(random: () => number, min: number, max: number, places: number): string {
  const value = min + random() * (max - min)
  const decimals = Math.floor(random() * (places + 1))
  const text = value.toFixed(decimals)
  // Rounding to few decimals can reach 0 ("0.4" → "0"); SRI quantities are above zero.
  return Number(text) > 0 ? text : min.toFixed(places)
}

export function randomLine(random: () => number, index: number): DocumentLine {
  const quantity =
    random() < 0.6 ? String(1 + Math.floor(random() * 20)) : amount(random, 0.001, 50, 6)
  const unitPrice = amount(random, 0.01, 999.99, 6)
  const gross = Number(quantity) * Number(unitPrice)
  // A third of the lines carry a discount of up to 30 % (2 decimals, never above the gross).
  const discount =
    random() < 0.33
      ? Math.min(gross * random() * 0.3, Math.floor(gross * 100) / 100).toFixed(2)
      : undefined
  const line: DocumentLine = {
    code: `R-${index + 1}`,
    description: `Artículo aleatorio ${index + 1}`,
    quantity,
    unitPrice,
    discount,
    taxCategory: CATEGORIES[Math.floor(random() * CATEGORIES.length)],
  }
  if (line.taxCategory === 'iva_15' && random() < 0.08) {
    line.extraTaxes = [{ category: 'ice', authorityCode: '3031', rate: '15' }]
  }
  return line
}

/** An invoice of `lineCount` random lines; payments are left to the caller (they need the total). */
export function randomInvoice(
  random: () => number,
  lineCount: number,
  issueDate: string
): TaxDocument {
  return {
    type: 'invoice',
    issueDate,
    currency: 'USD',
    issuer: { establishmentCode: '001', emissionPointCode: '001' },
    sequential: 1 + Math.floor(random() * 999_999_998),
    buyer: {
      identificationType: '05',
      identification: '0926687856',
      name: 'Juan Carlos Andrade',
    },
    lines: Array.from({ length: lineCount }, (_, index) => randomLine(random, index)),
  }
}
