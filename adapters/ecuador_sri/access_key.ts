/*
|--------------------------------------------------------------------------
| Clave de acceso (49 digits)
|--------------------------------------------------------------------------
|
|  1–8  fecha de emisión ddmmyyyy      24     ambiente (1 pruebas, 2 producción)
|  9–10 codDoc                         25–30  estab + ptoEmi
| 11–23 RUC del emisor                 31–39  secuencial (9 digits)
|                                      40–47  código numérico (8 digits)
|                                      48     tipo de emisión (1 normal)
|                                      49     check digit, módulo 11
|
| The date is taken from the same local `YYYY-MM-DD` string the XML uses,
| never through a Date object (time zones shift it, and `new Date('15/03/2026')`
| is Invalid Date). The key is generated once per document and persisted;
| retries reuse it, because a new código numérico for the same secuencial is
| refused with error 45.
|
*/
import { createHash } from 'node:crypto'

export interface AccessKeyFields {
  /** Issue date as `YYYY-MM-DD` (Ecuador local date). */
  issueDate: string
  /** codDoc, 2 digits ('01' factura, '04' nota de crédito). */
  documentCode: string
  /** Issuer RUC, 13 digits. */
  ruc: string
  /** '1' pruebas, '2' producción. */
  environment: string
  /** 3 digits. */
  establishment: string
  /** 3 digits. */
  emissionPoint: string
  /** Up to 9 digits; zero-padded. */
  sequential: string | number
  /** 8 digits chosen by the issuer. */
  numericCode: string
  /** '1' normal. */
  emissionType: string
}

export class AccessKeyError extends Error {}

/**
 * Módulo 11 check digit of the first 48 digits: weights 2,3,4,5,6,7
 * repeating from the rightmost digit; r = 11 − (sum mod 11); 11 → 0 and
 * 10 → 1 (SRI's rule, not the usual "10 → K").
 */
export function accessKeyCheckDigit(first48: string): number {
  if (!/^\d{48}$/.test(first48)) {
    throw new AccessKeyError(`Expected 48 digits, got "${first48}"`)
  }
  let sum = 0
  let weight = 2
  for (let i = 47; i >= 0; i--) {
    sum += (first48.charCodeAt(i) - 48) * weight
    weight = weight === 7 ? 2 : weight + 1
  }
  const r = 11 - (sum % 11)
  return r === 11 ? 0 : r === 10 ? 1 : r
}

/** Builds the 49-digit clave de acceso. Throws AccessKeyError on malformed fields. */
export function buildAccessKey(fields: AccessKeyFields): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.issueDate)
  if (!date) throw new AccessKeyError(`issueDate must be YYYY-MM-DD, got "${fields.issueDate}"`)
  const sequential = String(fields.sequential)
  const parts: Array<[string, string, RegExp]> = [
    ['documentCode', fields.documentCode, /^\d{2}$/],
    ['ruc', fields.ruc, /^\d{13}$/],
    ['environment', fields.environment, /^[12]$/],
    ['establishment', fields.establishment, /^\d{3}$/],
    ['emissionPoint', fields.emissionPoint, /^\d{3}$/],
    ['sequential', sequential, /^\d{1,9}$/],
    ['numericCode', fields.numericCode, /^\d{8}$/],
    ['emissionType', fields.emissionType, /^\d$/],
  ]
  for (const [name, value, pattern] of parts) {
    if (!pattern.test(value)) throw new AccessKeyError(`Invalid ${name} "${value}"`)
  }
  const first48 =
    date[3] +
    date[2] +
    date[1] +
    fields.documentCode +
    fields.ruc +
    fields.environment +
    fields.establishment +
    fields.emissionPoint +
    sequential.padStart(9, '0') +
    fields.numericCode +
    fields.emissionType
  return first48 + accessKeyCheckDigit(first48)
}

/** True for 49 digits whose last digit is the módulo 11 check of the rest. */
export function isValidAccessKey(key: string): boolean {
  return /^\d{49}$/.test(key) && accessKeyCheckDigit(key.slice(0, 48)) === Number(key[48])
}

/** Splits a clave de acceso into its fields (no validation of the check digit; see isValidAccessKey). */
export function parseAccessKey(key: string): AccessKeyFields & { checkDigit: number } {
  if (!/^\d{49}$/.test(key)) throw new AccessKeyError(`Expected 49 digits, got "${key}"`)
  return {
    issueDate: `${key.slice(4, 8)}-${key.slice(2, 4)}-${key.slice(0, 2)}`,
    documentCode: key.slice(8, 10),
    ruc: key.slice(10, 23),
    environment: key.slice(23, 24),
    establishment: key.slice(24, 27),
    emissionPoint: key.slice(27, 30),
    sequential: key.slice(30, 39),
    numericCode: key.slice(39, 47),
    emissionType: key.slice(47, 48),
    checkDigit: Number(key[48]),
  }
}

/**
 * A deterministic 8-digit código numérico for a document, so building stays
 * pure: the same document always yields the same key. The pipeline may pass
 * its own (e.g. random, drawn once and persisted) instead.
 */
export function deriveNumericCode(fields: Omit<AccessKeyFields, 'numericCode'>): string {
  const seed = [
    fields.issueDate,
    fields.documentCode,
    fields.ruc,
    fields.environment,
    fields.establishment,
    fields.emissionPoint,
    String(fields.sequential),
    fields.emissionType,
  ].join('|')
  const digest = createHash('sha256').update(seed).digest()
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0')
}
