import { Decimal } from 'decimal.js'

export interface DecimalRules {
  /** Digits after the point (numeric(18,6): 6). */
  maxDecimals?: number
  /** Digits before the point (numeric(18,6): 12). */
  maxIntegerDigits?: number
  allowNegative?: boolean
}

export type DecimalProblem = 'format' | 'decimals' | 'too_large' | 'negative'

/**
 * Reads an amount as people type it: "12", "12.5", "12,5" (decimal comma,
 * common in Ecuador and Panama spreadsheets), " 0.123456 ". Thousands
 * separators are refused rather than guessed: "1.234" would be ambiguous.
 * The result is a plain decimal string ("12.5"), never a float.
 */
export function parseDecimal(
  input: string,
  rules: DecimalRules = {}
): { ok: true; value: string } | { ok: false; problem: DecimalProblem } {
  const { maxDecimals = 6, maxIntegerDigits = 12, allowNegative = false } = rules
  let raw = input.trim()
  if (raw.includes(',') && !raw.includes('.')) raw = raw.replace(',', '.')
  const match = /^(-?)(\d+)(?:\.(\d*))?$|^(-?)\.(\d+)$/.exec(raw)
  if (!match) return { ok: false, problem: 'format' }
  const negative = (match[1] || match[4]) === '-'
  const integer = match[2] ?? '0'
  const fraction = (match[3] ?? match[5] ?? '').replace(/0+$/, '')
  if (fraction.length > maxDecimals) return { ok: false, problem: 'decimals' }
  if (integer.replace(/^0+/, '').length > maxIntegerDigits)
    return { ok: false, problem: 'too_large' }
  const value = new Decimal(`${negative ? '-' : ''}${integer}.${fraction || '0'}`)
  if (value.isNegative() && !value.isZero() && !allowNegative) {
    return { ok: false, problem: 'negative' }
  }
  return { ok: true, value: value.isZero() ? '0' : value.toFixed() }
}

/**
 * A numeric(18,6) string for display: at least `minDecimals` decimals, and
 * the significant ones beyond ("12.500000" → "12.50", "1.123400" → "1.1234").
 */
export function displayDecimal(value: string | null | undefined, minDecimals = 2): string {
  if (value === null || value === undefined || value === '') return ''
  const decimal = new Decimal(value)
  const places = Math.max(minDecimals, decimal.decimalPlaces())
  return decimal.toFixed(places)
}
