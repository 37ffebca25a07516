/*
|--------------------------------------------------------------------------
| Panama: CUFE (Código Único de Factura Electrónica)
|--------------------------------------------------------------------------
|
| HKA returns the CUFE of every authorised document; Facturo reads it back
| and checks it locally (panama-hka.md §3, §8.4) before storing it. Layout,
| 66 characters:
|
|   FE | tipoDocumento 2 | tipoRuc emisor 1 | RUC emisor 20 (left-padded with
|   "0", hyphens kept) | "-" + DV 3 | sucursal 4 | fecha AAAAMMDD 8 |
|   número 10 | punto de facturación 3 | tipoEmision 2 | ambiente 1 |
|   código de seguridad 9 | dígito de control 1
|
| e.g. FE|01|2|0000155596713-2-2015|-59|0001|20190528|0005500015|565|01|2|156674904|0
|
*/
import type { ValidationIssue } from '#adapters/core/types'
import { panamaIssue } from '#adapters/panama_hka/messages'
import { personTypeFromCode, validateRuc } from '#adapters/panama_hka/ruc'
import {
  PANAMA_DOCUMENT_TYPES,
  PANAMA_EMISSION_TYPES,
  findCode,
} from '#adapters/panama_hka/tax_codes'

export const CUFE_LENGTH = 66

/** iAmb (§2): 1 producción, 2 pruebas. */
export const CUFE_ENVIRONMENTS = { '1': 'production', '2': 'test' } as const

export interface CufeFields {
  /** The CUFE as given (trimmed). */
  cufe: string
  /** iDoc: tipoDocumento. */
  documentType: string
  /** dTipoRuc: '1' natural, '2' jurídico. */
  issuerTaxpayerType: '1' | '2'
  /** dRuc without its zero padding ("155596713-2-2015"). */
  issuerRuc: string
  /** dDV. */
  issuerCheckDigits: string
  /** dSucEm: sucursal ("0000" casa matriz). */
  establishmentCode: string
  /** dFechaEm as YYYY-MM-DD. */
  issueDate: string
  /** dNroDF: numeroDocumentoFiscal, 10 digits. */
  number: string
  /** dPtoFacDF: punto de facturación, 3 digits. */
  emissionPointCode: string
  /** iTpEmis: tipoEmision. */
  emissionType: string
  environment: (typeof CUFE_ENVIRONMENTS)[keyof typeof CUFE_ENVIRONMENTS]
  /** dSeg: random security code. */
  securityCode: string
  checkDigit: string
}

/**
 * Part → [start, length, name in the DGI's rFE], in layout order. Issues name
 * a bad part by its rFE name, which reads the same in both languages.
 */
const LAYOUT = {
  prefix: [0, 2, 'FE'],
  documentType: [2, 2, 'iDoc'],
  issuerTaxpayerType: [4, 1, 'dTipoRuc'],
  issuerRuc: [5, 20, 'dRuc'],
  issuerCheckDigits: [25, 3, 'dDV'],
  establishmentCode: [28, 4, 'dSucEm'],
  issueDate: [32, 8, 'dFechaEm'],
  number: [40, 10, 'dNroDF'],
  emissionPointCode: [50, 3, 'dPtoFacDF'],
  emissionType: [53, 2, 'iTpEmis'],
  environment: [55, 1, 'iAmb'],
  securityCode: [56, 9, 'dSeg'],
  checkDigit: [65, 1, 'DV'],
} as const

type Part = keyof typeof LAYOUT

/**
 * Check digit over the 63 characters between "FE" and the last one (§3,
 * verified there on six real CUFEs). The DGI's quirk: a character that is
 * not a digit ("-", or the letters of RUCs such as E-8-… or 8-NT-…) counts as
 * the last digit of its ASCII code ("-" 45 → 5, "E" 69 → 9, "N" 78 → 8).
 * Then a standard Luhn check digit: double every second digit starting with
 * the rightmost, subtract 9 from results above 9, check = (10 − sum mod 10)
 * mod 10.
 */
export function cufeCheckDigit(payload: string): string {
  let sum = 0
  for (let index = payload.length - 1, double = true; index >= 0; index--, double = !double) {
    const char = payload[index]
    let digit = /\d/.test(char) ? Number(char) : char.charCodeAt(0) % 10
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return String((10 - (sum % 10)) % 10)
}

/** The parts a CUFE is made of, as the DGI's rFE names them (see LAYOUT). */
export interface CufeParts {
  /** iDoc: tipoDocumento. */
  documentType: string
  /** dTipoRuc: '1' natural, '2' jurídico. */
  issuerTaxpayerType: '1' | '2'
  /** dRuc as written ("155596713-2-2015"); padded here to 20 with zeros. */
  issuerRuc: string
  /** dDV, two digits. */
  issuerCheckDigits: string
  establishmentCode: string
  /** dFechaEm as YYYY-MM-DD. */
  issueDate: string
  /** dNroDF, 10 digits. */
  number: string
  emissionPointCode: string
  emissionType: string
  environment: CufeFields['environment']
  /** dSeg: 9 random digits. */
  securityCode: string
}

/**
 * Writes a CUFE from its parts with its check digit: what the PAC does when
 * it authorizes (Facturo's HKA simulator uses it; Facturo itself receives
 * the CUFE from HKA and only checks it).
 */
export function composeCufe(parts: CufeParts): string {
  const ambiente = parts.environment === 'production' ? '1' : '2'
  const body =
    parts.documentType +
    parts.issuerTaxpayerType +
    parts.issuerRuc.padStart(20, '0') +
    `-${parts.issuerCheckDigits}` +
    parts.establishmentCode +
    parts.issueDate.replace(/-/g, '') +
    parts.number +
    parts.emissionPointCode +
    parts.emissionType +
    ambiente +
    parts.securityCode
  return `FE${body}${cufeCheckDigit(body)}`
}

export type CufeParseResult =
  | { ok: true; fields: CufeFields }
  | { ok: false; issue: ValidationIssue }

/** True when `yyyymmdd` is a real calendar date. */
function isCalendarDate(yyyymmdd: string): boolean {
  const [year, month, day] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6)].map(
    Number
  )
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

/** What each part must look like. */
const PART_RULES: Record<Part, (value: string) => boolean> = {
  prefix: (value) => value === 'FE',
  documentType: (value) => findCode(PANAMA_DOCUMENT_TYPES, value) !== undefined,
  issuerTaxpayerType: (value) => value === '1' || value === '2',
  // Padded RUC: at least one character that is not padding.
  issuerRuc: (value) => /^[0-9A-Z-]{20}$/.test(value) && /[1-9A-Z]/.test(value),
  issuerCheckDigits: (value) => /^-\d{2}$/.test(value),
  establishmentCode: (value) => /^\d{4}$/.test(value),
  issueDate: (value) => /^\d{8}$/.test(value) && isCalendarDate(value),
  // numeroDocumentoFiscal runs 0000000001–9999999999 (§1.4).
  number: (value) => /^\d{10}$/.test(value) && value !== '0000000000',
  // "000 not allowed" for puntoFacturacionFiscal (§1.4).
  emissionPointCode: (value) => /^\d{3}$/.test(value) && value !== '000',
  emissionType: (value) => findCode(PANAMA_EMISSION_TYPES, value) !== undefined,
  environment: (value) => value in CUFE_ENVIRONMENTS,
  securityCode: (value) => /^\d{9}$/.test(value),
  checkDigit: (value) => /^\d$/.test(value),
}

/**
 * Splits a CUFE into its fields, checking each part's shape and the check
 * digit. `field` names the issue's field.
 */
export function parseCufe(
  input: string | null | undefined,
  field = 'authorityKey'
): CufeParseResult {
  const cufe = (input ?? '').trim()
  if (cufe.length !== CUFE_LENGTH) {
    return {
      ok: false,
      issue: panamaIssue('tax.pa.cufe.length', field, { params: { length: cufe.length } }),
    }
  }

  const parts = {} as Record<Part, string>
  for (const [part, [start, length, name]] of Object.entries(LAYOUT) as [
    Part,
    (typeof LAYOUT)[Part],
  ][]) {
    const value = cufe.slice(start, start + length)
    if (!PART_RULES[part](value)) {
      const params = { part: name, value }
      return { ok: false, issue: panamaIssue('tax.pa.cufe.format', field, { params }) }
    }
    parts[part] = value
  }

  const expected = cufeCheckDigit(cufe.slice(2, CUFE_LENGTH - 1))
  if (expected !== parts.checkDigit) {
    const params = { expected, found: parts.checkDigit }
    return { ok: false, issue: panamaIssue('tax.pa.cufe.check_digit', field, { params }) }
  }

  const date = parts.issueDate
  return {
    ok: true,
    fields: {
      cufe,
      documentType: parts.documentType,
      issuerTaxpayerType: parts.issuerTaxpayerType as '1' | '2',
      issuerRuc: parts.issuerRuc.replace(/^0+/, ''),
      issuerCheckDigits: parts.issuerCheckDigits.slice(1),
      establishmentCode: parts.establishmentCode,
      issueDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`,
      number: parts.number,
      emissionPointCode: parts.emissionPointCode,
      emissionType: parts.emissionType,
      environment: CUFE_ENVIRONMENTS[parts.environment as keyof typeof CUFE_ENVIRONMENTS],
      securityCode: parts.securityCode,
      checkDigit: parts.checkDigit,
    },
  }
}

/**
 * Validates a CUFE: layout, check digit and, unless `checkIssuerRuc` is
 * false, the issuer's RUC against the DV embedded in it. A RUC shape the DGI
 * algorithm has no rule for is not held against the CUFE.
 */
export function validateCufe(
  input: string | null | undefined,
  options: { field?: string; checkIssuerRuc?: boolean } = {}
): ValidationIssue[] {
  const field = options.field ?? 'authorityKey'
  const parsed = parseCufe(input, field)
  if (!parsed.ok) return [parsed.issue]
  if (options.checkIssuerRuc === false) return []

  const { issuerRuc, issuerCheckDigits, issuerTaxpayerType } = parsed.fields
  const ruc = validateRuc(issuerRuc, {
    dv: issuerCheckDigits,
    personType: personTypeFromCode(issuerTaxpayerType),
  })
  if (ruc.issues.some((issue) => issue.severity === 'error')) {
    return [panamaIssue('tax.pa.cufe.issuer_ruc', field)]
  }
  return []
}

/** True when the CUFE is well formed, its check digit matches and its issuer RUC/DV agree. */
export function isValidCufe(input: string | null | undefined): boolean {
  return validateCufe(input).length === 0
}
