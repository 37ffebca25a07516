/*
|--------------------------------------------------------------------------
| Ecuadorian identifications: the one implementation in Facturo
|--------------------------------------------------------------------------
|
| Every check of an Ecuadorian cédula or RUC goes through this file: buyer
| identifications (documents, customers, CSV import) through
| `validateIdentification`, a company's own RUC (registration, the issuer of
| every comprobante) through `validateIssuerRuc`. The rules and their sources
| are written up in docs/adapters/ecuador-sri.md ("Identification"); in short,
| python-stdnum 2.x (`stdnum.ec.ci`, `stdnum.ec.ruc`) plus SRI's practice:
|
| - Cédula (10 digits): province 01–24, 30 (Ecuadorians registered abroad)
|   or 50 (foreigners); third digit 0–6 (6: cédulas the Registro Civil gives
|   foreign residents); módulo 10 with coefficients 2,1,2,1…  Strict: every
|   cédula carries a real check digit, so a wrong one is an error.
| - RUC (13 digits), by its third digit:
|   0–5 natural person: a valid cédula + establishment ≠ 000. Strict.
|   6   public body (módulo 11 on digits 1–9, establishment ≠ 0000) or a
|       natural person whose cédula starts with 6.
|   9   private company (módulo 11 on digits 1–10, ≠ 000) or, in newer
|       numbers, a public body in the company format (python-stdnum #457).
|   7–8 never issued: an error.
|   A 6 or 9 RUC that passes none of its readings is only a WARNING: SRI
|   states that company and public RUCs are not algorithmic, and it issues
|   real ones that fail every checksum (python-stdnum #497, e.g.
|   1793213150001). Blocking a real buyer would be worse than letting SRI
|   judge the number; the user is told to check it.
| - An issuer's RUC must also end in 001 (the XSD's `[0-9]{10}001`); a
|   buyer's RUC may carry another establishment number, as stdnum accepts.
| - Pasaporte / exterior: free text SRI accepts (up to 20, no line breaks).
| - Consumidor final: exactly 9999999999999.
|
*/
import type { ValidationIssue } from '#adapters/core/types'
import { FINAL_CONSUMER_ID, IDENTIFICATION_TYPES } from '#adapters/ecuador_sri/tax_codes'

const FIELD = 'buyer.identification'

function issue(
  code: string,
  severity: ValidationIssue['severity'],
  es: string,
  en: string,
  params?: ValidationIssue['params']
): ValidationIssue {
  return {
    field: FIELD,
    code: `tax.ec.identification.${code}`,
    message: { es, en },
    severity,
    params,
  }
}

/** Province codes: 01–24, 30 (Ecuadorians abroad) and 50 (foreigners), as python-stdnum 2.x. */
function validProvince(digits: string): boolean {
  const province = Number(digits.slice(0, 2))
  return (province >= 1 && province <= 24) || province === 30 || province === 50
}

const digitAt = (value: string, index: number) => value.charCodeAt(index) - 48

/** The cédula check digit of nine digits (módulo 10, coefficients 2,1,2,1,…; products over 9 minus 9). */
export function cedulaCheckDigit(nineDigits: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let product = digitAt(nineDigits, i) * (i % 2 === 0 ? 2 : 1)
    if (product > 9) product -= 9
    sum += product
  }
  return (10 - (sum % 10)) % 10
}

/** Módulo 10 check of a cédula's 10th digit. */
export function cedulaCheckDigitOk(cedula: string): boolean {
  return /^\d{10}/.test(cedula) && cedulaCheckDigit(cedula) === digitAt(cedula, 9)
}

/** Issues for a cédula (empty when valid). */
export function validateCedula(value: string): ValidationIssue[] {
  if (!/^\d{10}$/.test(value)) {
    return [
      issue(
        'cedula_format',
        'error',
        'La cédula debe tener 10 dígitos.',
        'A cédula has 10 digits.'
      ),
    ]
  }
  if (!validProvince(value)) {
    return [
      issue(
        'cedula_province',
        'error',
        'Los dos primeros dígitos de la cédula no corresponden a una provincia (01–24, 30 o 50).',
        'The first two digits of the cédula are not a province code (01–24, 30 or 50).'
      ),
    ]
  }
  if (digitAt(value, 2) > 6) {
    return [
      issue(
        'cedula_third_digit',
        'error',
        'El tercer dígito de una cédula va de 0 a 6.',
        'The third digit of a cédula goes from 0 to 6.'
      ),
    ]
  }
  if (!cedulaCheckDigitOk(value)) {
    return [
      issue(
        'cedula_check_digit',
        'error',
        'La cédula no es válida: el dígito verificador no coincide.',
        'The cédula is not valid: its check digit does not match.'
      ),
    ]
  }
  return []
}

/** Módulo 11 used by public-body RUCs: digit 9 checks digits 1–8 (coefficients 3,2,7,6,5,4,3,2). */
export function publicRucChecksumOk(ruc: string): boolean {
  return modulo11(ruc, [3, 2, 7, 6, 5, 4, 3, 2], 8)
}

/** Módulo 11 of (older) private-company RUCs: digit 10 checks digits 1–9 (4,3,2,7,6,5,4,3,2). */
export function privateRucChecksumOk(ruc: string): boolean {
  return modulo11(ruc, [4, 3, 2, 7, 6, 5, 4, 3, 2], 9)
}

/** Σ weight × digit; the check digit is 0 when the remainder is 0, else 11 − remainder (10 never matches). */
function modulo11(value: string, weights: number[], checkIndex: number): boolean {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += digitAt(value, i) * weights[i]
  const r = sum % 11
  const check = r === 0 ? 0 : 11 - r
  return check === digitAt(value, checkIndex)
}

/** Who a RUC belongs to, read from its third digit and checksums. */
export type RucKind = 'natural' | 'public' | 'juridical' | 'unverified'

const naturalOk = (ruc: string) =>
  validateCedula(ruc.slice(0, 10)).length === 0 && !ruc.endsWith('000')
const publicOk = (ruc: string) => publicRucChecksumOk(ruc) && !ruc.endsWith('0000')
const juridicalOk = (ruc: string) => privateRucChecksumOk(ruc) && !ruc.endsWith('000')

const unverifiedChecksum = () =>
  issue(
    'ruc_checksum_unverified',
    'warning',
    'No se pudo comprobar el dígito verificador del RUC (el SRI emite RUC de sociedades y entidades públicas que no siguen el algoritmo); verifique el número en el SRI.',
    'The RUC check digit could not be confirmed (the SRI issues company and public-body RUCs that do not follow the algorithm); please verify the number with the SRI.'
  )

const establishmentSuffix = (es: string, en: string) => issue('ruc_suffix', 'error', es, en)

/**
 * Issues for a RUC, with the reading that matched. Errors block, the one
 * warning (`ruc_checksum_unverified`) does not: see the header.
 */
export function classifyRuc(value: string): { kind?: RucKind; issues: ValidationIssue[] } {
  if (!/^\d{13}$/.test(value)) {
    return {
      issues: [
        issue(
          'ruc_format',
          'error',
          'El RUC tiene 13 dígitos, sin letras (por ejemplo 1792146739001).',
          'A RUC has 13 digits and no letters (for example 1792146739001).'
        ),
      ],
    }
  }
  if (!validProvince(value)) {
    return {
      issues: [
        issue(
          'ruc_province',
          'error',
          'Los dos primeros dígitos del RUC no corresponden a una provincia (01–24, 30 o 50).',
          'The first two digits of the RUC are not a province code (01–24, 30 or 50).'
        ),
      ],
    }
  }
  const third = digitAt(value, 2)
  if (third < 6) {
    if (validateCedula(value.slice(0, 10)).length > 0) {
      return {
        issues: [
          issue(
            'ruc_natural_cedula',
            'error',
            'El RUC de persona natural debe empezar con una cédula válida.',
            "A natural person's RUC must start with a valid cédula."
          ),
        ],
      }
    }
    if (value.endsWith('000')) {
      return {
        issues: [
          establishmentSuffix(
            'El número de establecimiento del RUC (últimos 3 dígitos) no puede ser 000.',
            "The RUC's establishment number (last 3 digits) cannot be 000."
          ),
        ],
      }
    }
    return { kind: 'natural', issues: [] }
  }
  if (third === 6 || third === 9) {
    if (value.endsWith('0000')) {
      return {
        issues: [
          establishmentSuffix('El RUC no puede terminar en 0000.', 'A RUC cannot end in 0000.'),
        ],
      }
    }
    if (publicOk(value)) return { kind: 'public', issues: [] }
    if (third === 6 && naturalOk(value)) return { kind: 'natural', issues: [] }
    if (third === 9 && juridicalOk(value)) return { kind: 'juridical', issues: [] }
    if (value.endsWith('000')) {
      return {
        issues: [
          establishmentSuffix(
            'El número de establecimiento del RUC (últimos 3 dígitos) no puede ser 000.',
            "The RUC's establishment number (last 3 digits) cannot be 000."
          ),
        ],
      }
    }
    return { kind: 'unverified', issues: [unverifiedChecksum()] }
  }
  return {
    issues: [
      issue(
        'ruc_third_digit',
        'error',
        'El tercer dígito del RUC debe ser 0–6 o 9 (7 y 8 no se asignan).',
        'The third digit of a RUC must be 0–6 or 9 (7 and 8 are never assigned).'
      ),
    ],
  }
}

/** Issues for a buyer's RUC (empty when valid; a warning does not block). */
export function validateRuc(value: string): ValidationIssue[] {
  return classifyRuc(value).issues
}

/**
 * Issues for an issuer's own RUC: a RUC as above that also ends in 001,
 * because `infoTributaria/ruc` is `[0-9]{10}001` in every SRI schema.
 */
export function validateIssuerRuc(value: string): ValidationIssue[] {
  const issues = validateRuc(value)
  if (issues.some((found) => found.severity === 'error')) return issues
  if (!value.endsWith('001')) {
    return [
      issue(
        'ruc_issuer_establishment',
        'error',
        'El RUC de un emisor termina en 001.',
        "An issuer's RUC ends in 001."
      ),
      ...issues,
    ]
  }
  return issues
}

/** A tax id as people write it ("17921-46739-001", "1792146739 001") with the separators removed. */
export function compactTaxId(value: string): string {
  return value.replace(/[\s.-]/g, '')
}

/**
 * Validates a buyer identification of the given SRI type (04 RUC, 05
 * cédula, 06 pasaporte, 07 consumidor final, 08 exterior). Never throws.
 */
export function validateIdentification(type: string, value: string): ValidationIssue[] {
  const number = typeof value === 'string' ? value.trim() : ''
  if (!IDENTIFICATION_TYPES.some((entry) => entry.code === type)) {
    return [
      issue(
        'type',
        'error',
        'Tipo de identificación desconocido (use 04 RUC, 05 cédula, 06 pasaporte, 07 consumidor final u 08 exterior).',
        'Unknown identification type (use 04 RUC, 05 cédula, 06 passport, 07 final consumer or 08 foreign).',
        { type: String(type) }
      ),
    ]
  }
  if (number === '') {
    return [
      issue('required', 'error', 'Falta la identificación.', 'The identification is missing.'),
    ]
  }
  switch (type) {
    case '04':
      return validateRuc(number)
    case '05':
      return validateCedula(number)
    case '07':
      return number === FINAL_CONSUMER_ID
        ? []
        : [
            issue(
              'final_consumer',
              'error',
              `Para consumidor final la identificación es ${FINAL_CONSUMER_ID}.`,
              `The final consumer identification is ${FINAL_CONSUMER_ID}.`
            ),
          ]
    case '06':
      // SRI accepts up to 20 characters of free text; passports are alphanumeric.
      return /^[A-Za-z0-9-]{3,20}$/.test(number)
        ? []
        : [
            issue(
              'passport',
              'error',
              'El pasaporte debe tener de 3 a 20 letras o dígitos.',
              'A passport number has 3 to 20 letters or digits.'
            ),
          ]
    default:
      return number.length <= 20 && !/[\r\n]/.test(number)
        ? []
        : [
            issue(
              'foreign',
              'error',
              'La identificación del exterior admite hasta 20 caracteres en una línea.',
              'A foreign identification takes up to 20 characters on one line.'
            ),
          ]
  }
}
