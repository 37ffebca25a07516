/**
 * Format checks of a company's tax id at registration (Ecuador RUC; Panama
 * RUC + DV). They catch typing mistakes with a precise message; they do not
 * prove the number is registered (the tax adapters can look it up online).
 *
 * Facturo's adapters validate customer identifications through the tax
 * manager; a company registers before any adapter is involved, so these
 * checks live here and follow the same public rules (docs in
 * reference/sri-ecuador.md §6 and reference/panama-hka.md §4).
 */

export type TaxIdProblem =
  | 'ruc_ec_format'
  | 'ruc_ec_province'
  | 'ruc_ec_third_digit'
  | 'ruc_ec_establishment'
  | 'ruc_ec_check_digit'
  | 'ruc_pa_format'
  | 'ruc_pa_dv_format'
  | 'ruc_pa_dv_mismatch'

export interface TaxIdCheck {
  /** The number as stored: EC digits only; PA upper-case with hyphens. */
  normalized: string
  problem: TaxIdProblem | null
  /**
   * False when the number has the right shape but no reliable check digit
   * applies (see the caveats below), so it was accepted on format alone.
   */
  checkDigitVerified: boolean
}

/* ------------------------------------------------------------------ */
/* Ecuador                                                             */
/* ------------------------------------------------------------------ */

/** Provinces 01–24, plus 30 (Ecuadorians abroad) and 50 (foreigners). */
function isEcuadorProvince(code: number) {
  return (code >= 1 && code <= 24) || code === 30 || code === 50
}

/** Cédula: coefficients 2,1,2,1,… on digits 1–9, products above 9 minus 9, módulo 10. */
export function cedulaCheckDigitOk(digits: string) {
  let sum = 0
  for (let index = 0; index < 9; index++) {
    let product = Number(digits[index]) * (index % 2 === 0 ? 2 : 1)
    if (product > 9) product -= 9
    sum += product
  }
  return (10 - (sum % 10)) % 10 === Number(digits[9])
}

/** Módulo 11 with the given coefficients; 0 when the remainder is 0. */
function modulo11(digits: string, coefficients: number[]) {
  const sum = coefficients.reduce(
    (total, weight, index) => total + weight * Number(digits[index]),
    0
  )
  const remainder = sum % 11
  return remainder === 0 ? 0 : 11 - remainder
}

/**
 * Ecuador RUC of an issuer: 13 digits, province, type digit, and the
 * establishment suffix 001 (the SRI schema requires `[0-9]{10}001` for the
 * issuer's RUC in every comprobante).
 *
 * Check digits: natural persons (third digit 0–5) carry a cédula, checked
 * strictly. For public (6) and private (9) entities the módulo 11 is
 * computed, but the SRI has issued company RUCs that fail it
 * (python-stdnum issue #497), so a mismatch there is not a rejection:
 * refusing a real company would be worse than accepting a typo the SRI
 * will reject on the first submission anyway.
 */
export function checkEcuadorRuc(input: string): TaxIdCheck {
  const normalized = input.replace(/[\s.-]/g, '')
  const result = (problem: TaxIdProblem | null, checkDigitVerified = false) => ({
    normalized,
    problem,
    checkDigitVerified,
  })

  if (!/^\d{13}$/.test(normalized)) return result('ruc_ec_format')
  if (!isEcuadorProvince(Number(normalized.slice(0, 2)))) return result('ruc_ec_province')

  const third = Number(normalized[2])
  if (third === 7 || third === 8) return result('ruc_ec_third_digit')
  if (!normalized.endsWith('001')) return result('ruc_ec_establishment')

  if (third <= 5) {
    return cedulaCheckDigitOk(normalized) ? result(null, true) : result('ruc_ec_check_digit')
  }
  if (third === 6) {
    const verified = modulo11(normalized, [3, 2, 7, 6, 5, 4, 3, 2]) === Number(normalized[8])
    return result(null, verified)
  }
  const verified = modulo11(normalized, [4, 3, 2, 7, 6, 5, 4, 3, 2]) === Number(normalized[9])
  return result(null, verified)
}

/* ------------------------------------------------------------------ */
/* Panama                                                              */
/* ------------------------------------------------------------------ */

/**
 * Accepted shapes (DGI): natural persons `8-123-456`, `E-8-12345`,
 * `N-19-1234`, `PE-1-123`, `8AV-…`, `8PI-…`, tax numbers `8-NT-1-12345`;
 * juridical persons `tomo-folio-asiento` such as `155596713-2-2015`.
 */
const PA_NATURAL = /^(?:(?:[1-9]|1[0-3])(?:AV|PI)?|E|N|PE)-\d{1,4}-\d{1,6}$/
const PA_TAX_NUMBER = /^\d{1,2}-NT-\d{1,4}-\d{1,6}$/
const PA_JURIDICAL = /^(\d{1,10})-(\d{1,4})-(\d{1,6})$/

/** DGI weights 2, 3, 4, … from the rightmost digit; 11 − (Σ mod 11), or 0 when the rest is 0 or 1. */
function panamaDigit(digits: string) {
  let sum = 0
  let weight = 2
  for (let index = digits.length - 1; index >= 0; index--) {
    sum += Number(digits[index]) * weight
    weight++
  }
  const remainder = sum % 11
  return remainder > 1 ? 11 - remainder : 0
}

/**
 * The DV of a juridical RUC (DGI "Algoritmo para el cálculo del dígito
 * verificador", 2018): tomo, folio and asiento padded to 10, 4 and 6 digits;
 * DV1 over those 20 digits, DV2 over the 20 digits followed by DV1.
 * Returns null for the "RUC antiguo" shapes (4th and 5th digits 0 and the
 * 6th below 5), which need the DGI cross-reference table.
 */
export function panamaJuridicalDv(ruc: string): string | null {
  const match = PA_JURIDICAL.exec(ruc)
  if (!match) return null
  const base = match[1].padStart(10, '0') + match[2].padStart(4, '0') + match[3].padStart(6, '0')
  if (base[3] === '0' && base[4] === '0' && Number(base[5]) < 5) return null
  const first = panamaDigit(base)
  const second = panamaDigit(`${base}${first}`)
  return `${first}${second}`
}

/**
 * Panama RUC + DV. The DV is verified for modern juridical RUCs (the
 * algorithm reproduces the DGI's published values). For natural persons,
 * tax numbers and old juridical RUCs the shape and the two-digit DV are
 * checked; the HKA adapter's ConsultarRucDV can confirm them online.
 */
export function checkPanamaRuc(input: string, dvInput: string | null | undefined): TaxIdCheck {
  const normalized = input.trim().toUpperCase().replace(/\s+/g, '')
  const result = (problem: TaxIdProblem | null, checkDigitVerified = false) => ({
    normalized,
    problem,
    checkDigitVerified,
  })

  const shapeOk =
    PA_NATURAL.test(normalized) || PA_TAX_NUMBER.test(normalized) || PA_JURIDICAL.test(normalized)
  if (!shapeOk) return result('ruc_pa_format')

  const dv = (dvInput ?? '').trim()
  if (!/^\d{2}$/.test(dv)) return result('ruc_pa_dv_format')

  // A natural RUC such as 8-123-456 also matches the juridical shape; its
  // first part is a province (1–13), never longer than two digits.
  const juridical = PA_JURIDICAL.exec(normalized)
  if (juridical && juridical[1].length > 2) {
    const expected = panamaJuridicalDv(normalized)
    if (expected === null) return result(null, false)
    return expected === dv ? result(null, true) : result('ruc_pa_dv_mismatch')
  }
  return result(null, false)
}

/** Dispatches on the tenant's country. */
export function checkTaxId(country: string, taxId: string, dv?: string | null): TaxIdCheck {
  if (country === 'PA') return checkPanamaRuc(taxId, dv)
  return checkEcuadorRuc(taxId)
}
