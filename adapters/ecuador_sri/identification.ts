/*
|--------------------------------------------------------------------------
| Ecuadorian identifications
|--------------------------------------------------------------------------
|
| - Cédula (10 digits): province 01–24 or 30 (Ecuadorians registered
|   abroad), third digit below 6, módulo 10 with coefficients 2,1,2,1…
|   Strict: a wrong check digit is an error.
| - RUC of a natural person (third digit 0–5): a valid cédula + "001".
|   Strict.
| - RUC of a public body (third digit 6) or a private company (9): only the
|   structure is enforced. The módulo 11 checksums exist, but SRI assigns
|   newer company RUCs that do not pass them (python-stdnum #497; SRI says
|   company RUCs are not algorithmic), and foreigners' natural-person RUCs
|   can start with 6. A failed checksum is therefore a warning, never a
|   blocking error.
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

function validProvince(digits: string): boolean {
  const province = Number(digits.slice(0, 2))
  return (province >= 1 && province <= 24) || province === 30
}

/** Módulo 10 check of a cédula's 10th digit (coefficients 2,1,2,1,2,1,2,1,2; products over 9 minus 9). */
export function cedulaCheckDigitOk(cedula: string): boolean {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let product = (cedula.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1)
    if (product > 9) product -= 9
    sum += product
  }
  return (10 - (sum % 10)) % 10 === cedula.charCodeAt(9) - 48
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
        'Los dos primeros dígitos de la cédula no corresponden a una provincia (01–24 o 30).',
        'The first two digits of the cédula are not a province code (01–24 or 30).'
      ),
    ]
  }
  if (Number(value[2]) >= 6) {
    return [
      issue(
        'cedula_third_digit',
        'error',
        'El tercer dígito de una cédula debe ser menor que 6.',
        'The third digit of a cédula must be below 6.'
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

/** Módulo 11 checksum used by public-body RUCs (digit 9 checks digits 1–8). */
export function publicRucChecksumOk(ruc: string): boolean {
  return modulo11(ruc, [3, 2, 7, 6, 5, 4, 3, 2], 8)
}

/** Módulo 11 checksum of older private-company RUCs (digit 10 checks digits 1–9). */
export function privateRucChecksumOk(ruc: string): boolean {
  return modulo11(ruc, [4, 3, 2, 7, 6, 5, 4, 3, 2], 9)
}

function modulo11(value: string, weights: number[], checkIndex: number): boolean {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += (value.charCodeAt(i) - 48) * weights[i]
  const r = sum % 11
  const check = r === 0 ? 0 : 11 - r
  return check === value.charCodeAt(checkIndex) - 48
}

/** Issues for a RUC: strict for natural persons, structural (checksum as warning) for 6 and 9. */
export function validateRuc(value: string): ValidationIssue[] {
  if (!/^\d{13}$/.test(value)) {
    return [issue('ruc_format', 'error', 'El RUC debe tener 13 dígitos.', 'A RUC has 13 digits.')]
  }
  if (!validProvince(value)) {
    return [
      issue(
        'ruc_province',
        'error',
        'Los dos primeros dígitos del RUC no corresponden a una provincia (01–24 o 30).',
        'The first two digits of the RUC are not a province code (01–24 or 30).'
      ),
    ]
  }
  const third = Number(value[2])
  if (third < 6) {
    const cedulaIssues = validateCedula(value.slice(0, 10))
    if (cedulaIssues.length > 0) {
      return [
        issue(
          'ruc_natural_cedula',
          'error',
          'El RUC de persona natural debe empezar con una cédula válida.',
          "A natural person's RUC must start with a valid cédula."
        ),
      ]
    }
    if (!value.endsWith('001')) {
      return [
        issue(
          'ruc_suffix',
          'error',
          'El RUC de persona natural termina en 001.',
          "A natural person's RUC ends in 001."
        ),
      ]
    }
    return []
  }
  if (third === 6) {
    if (value.endsWith('0000')) {
      return [
        issue(
          'ruc_suffix',
          'error',
          'El RUC de una entidad pública no puede terminar en 0000.',
          "A public body's RUC cannot end in 0000."
        ),
      ]
    }
    return publicRucChecksumOk(value)
      ? []
      : [
          issue(
            'ruc_checksum_unverified',
            'warning',
            'No se pudo comprobar el dígito verificador del RUC; verifíquelo en el SRI.',
            'The RUC check digit could not be confirmed; please verify it with the SRI.'
          ),
        ]
  }
  if (third === 9) {
    if (value.endsWith('000')) {
      return [
        issue(
          'ruc_suffix',
          'error',
          'El RUC de una sociedad no puede terminar en 000.',
          "A company's RUC cannot end in 000."
        ),
      ]
    }
    return privateRucChecksumOk(value)
      ? []
      : [
          issue(
            'ruc_checksum_unverified',
            'warning',
            'No se pudo comprobar el dígito verificador del RUC; verifíquelo en el SRI.',
            'The RUC check digit could not be confirmed; please verify it with the SRI.'
          ),
        ]
  }
  return [
    issue(
      'ruc_third_digit',
      'error',
      'El tercer dígito del RUC debe ser 0–5 (persona natural), 6 (entidad pública) o 9 (sociedad).',
      'The third digit of a RUC must be 0–5 (natural person), 6 (public body) or 9 (company).'
    ),
  ]
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
