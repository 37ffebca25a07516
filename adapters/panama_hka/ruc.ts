/*
|--------------------------------------------------------------------------
| Panama: RUC parsing and the DGI check digits (DV)
|--------------------------------------------------------------------------
|
| A Panamanian RUC is written in one of these shapes (panama-hka.md §4):
|
|   8-274-125           natural person, cédula: provincia-tomo-asiento
|   E-8-110361          foreigner (E), naturalised (N), born abroad (PE)
|   8AV-1-196           before the cédula law (AV), indigenous (PI)
|   8-NT-1-13656        tax number (NT), natural or juridical
|   155596713-2-2015    juridical: tomo/rollo-folio-asiento (Registro Público)
|
| The DV ("dígito verificador", 2 digits) follows the DGI document
| "Algoritmo para el cálculo del dígito verificador (DV)", version 201805,
| cited in §4; page numbers below refer to it. In short: write the RUC as 20
| digits (RUCTB), weight the digits 2, 3, 4… from the right, take the sum
| mod 11; DV1 over the 20 digits, DV2 over the 20 digits followed by DV1.
|
| The spelling alone does not always tell a natural person from a juridical
| one ("8-NT-1-13656" is both; "8-274-125" could be an old company tomo),
| which is why HKA sends tipoContribuyente next to the RUC. Callers pass the
| person type when they know it; otherwise every reading the spelling allows
| is tried and the DV decides.
|
| Shapes the DGI document gives no rule for are reported as "unverifiable"
| (a warning), never guessed: see `naturalRuctb`.
|
*/
import type { ValidationIssue } from '#adapters/core/types'
import { panamaIssue } from '#adapters/panama_hka/messages'

export type RucPersonType = 'natural' | 'juridical'

/** tipoContribuyente / tipoRuc codes (panama-hka.md §2): 1 natural, 2 jurídico. */
export const RUC_PERSON_TYPE_CODES: Record<RucPersonType, '1' | '2'> = {
  natural: '1',
  juridical: '2',
}

/** The person type of a tipoContribuyente / tipoRuc code, or undefined for anything else. */
export function personTypeFromCode(
  code: string | number | null | undefined
): RucPersonType | undefined {
  const text = String(code ?? '').trim()
  if (text === '1') return 'natural'
  if (text === '2') return 'juridical'
  return undefined
}

/** How a RUC is spelled. */
export type RucForm =
  /** Digits only, provincia-tomo-asiento shape: a cédula, or an old company registration. */
  | 'cedula'
  /** Digits only, tomo/rollo-folio-asiento of the Registro Público. */
  | 'registry'
  /** E-, N- or PE- cédula. */
  | 'lettered'
  /** 8AV- or 8PI- cédula. */
  | 'province_lettered'
  /** 8-NT-tomo-asiento tax number. */
  | 'tax_number'

export type RucLetters = 'E' | 'N' | 'PE' | 'AV' | 'PI' | 'NT'

export interface ParsedRuc {
  /** Canonical spelling: upper case, plain hyphens, no leading zeros ("8AV-1-196"). */
  normalized: string
  form: RucForm
  /** Person types this spelling can belong to, most likely first. */
  personTypes: RucPersonType[]
  /** Province code 1..13, when the spelling carries one as such. */
  province?: number
  letters?: RucLetters
  /** The numeric parts in writing order, without leading zeros. */
  segments: string[]
}

export type RucParseResult =
  | { ok: true; ruc: ParsedRuc }
  | { ok: false; problem: 'required' | 'too_long' | 'format' | 'province' }

/** numeroRUC is AN|20 in HKA's Enviar, and the CUFE reserves 20 characters for it (§1.4, §3). */
export const RUC_MAX_LENGTH = 20

/** Provinces and comarcas numbered 1..13 (13 = Panamá Oeste). */
const MAX_PROVINCE = 13

const stripZeros = (digits: string) => digits.replace(/^0+(?=\d)/, '')
const isZero = (digits: string) => /^0+$/.test(digits)

/**
 * Cleans what a person typed: upper case, every dash variant to "-", no
 * spaces around hyphens. Spaces inside a part are left alone so they fail.
 */
function clean(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*-\s*/g, '-')
}

/**
 * Reads a RUC spelling. Does not check the DV; see `validateRuc`.
 * Zero parts ("0-0-0") are rejected: no tomo, folio or asiento is numbered 0.
 */
export function parseRuc(input: string | null | undefined): RucParseResult {
  const text = clean(input ?? '')
  if (text === '') return { ok: false, problem: 'required' }
  if (text.length > RUC_MAX_LENGTH) return { ok: false, problem: 'too_long' }

  let match: RegExpExecArray | null
  let result: ParsedRuc | 'province' | null = null

  if ((match = /^(E|N|PE)-(\d{1,4})-(\d{1,6})$/.exec(text))) {
    const [, letters, tomo, asiento] = match
    result = build('lettered', ['natural'], letters as RucLetters, undefined, [tomo, asiento])
  } else if ((match = /^(\d{1,2})-?(AV|PI)-(\d{1,4})-(\d{1,6})$/.exec(text))) {
    const [, province, letters, tomo, asiento] = match
    result = withProvince(province, (p) =>
      build('province_lettered', ['natural'], letters as RucLetters, p, [tomo, asiento])
    )
  } else if ((match = /^(\d{1,2})-NT-(\d{1,4})-(\d{1,7})$/.exec(text))) {
    const [, province, tomo, asiento] = match
    // Section 4 lists NT for natural persons and for juridical ones (the HKA
    // government example 8-NT-1-13656 is jurídico), so both readings stay open.
    result = withProvince(province, (p) =>
      build('tax_number', ['natural', 'juridical'], 'NT', p, [tomo, asiento])
    )
  } else if ((match = /^(\d{1,10})-(\d{1,4})-(\d{1,6})$/.exec(text))) {
    const [, first, second, third] = match
    // A first part of 1..13 followed by a tomo of up to 4 digits reads as a
    // cédula; anything else can only be a Registro Público number.
    const province = Number(first)
    result =
      province >= 1 && province <= MAX_PROVINCE
        ? build('cedula', ['natural', 'juridical'], undefined, province, [second, third])
        : build('registry', ['juridical'], undefined, undefined, [first, second, third])
  }

  if (result === 'province') return { ok: false, problem: 'province' }
  if (!result) return { ok: false, problem: 'format' }
  return { ok: true, ruc: result }
}

function withProvince(raw: string, make: (province: number) => ParsedRuc | null) {
  const province = Number(raw)
  if (province < 1 || province > MAX_PROVINCE) return 'province' as const
  return make(province)
}

function build(
  form: RucForm,
  personTypes: RucPersonType[],
  letters: RucLetters | undefined,
  province: number | undefined,
  parts: string[]
): ParsedRuc | null {
  if (parts.some(isZero)) return null
  const segments = parts.map(stripZeros)
  const ruc: ParsedRuc = { normalized: '', form, personTypes, segments }
  if (province !== undefined) ruc.province = province
  if (letters) ruc.letters = letters

  const numbers = segments.join('-')
  if (form === 'lettered') ruc.normalized = `${letters}-${numbers}`
  else if (form === 'province_lettered') ruc.normalized = `${province}${letters}-${numbers}`
  else if (form === 'tax_number') ruc.normalized = `${province}-NT-${numbers}`
  else if (form === 'cedula') ruc.normalized = `${province}-${numbers}`
  else ruc.normalized = numbers
  return ruc
}

/*
|--------------------------------------------------------------------------
| RUCTB: the 20-digit form the DV is computed on
|--------------------------------------------------------------------------
*/

export type Ructb =
  | { status: 'ok'; ructb: string; legacy: boolean }
  /** The DGI document has no rule for this shape: the DV cannot be checked locally. */
  | { status: 'unverifiable' }
  /** The spelling cannot belong to that person type. */
  | { status: 'not_applicable' }

/**
 * Letter codes that replace the letters of natural RUCs (DGI pp. 3-5):
 * E → 5 in the second slot ("50"), N → "40", PE → P=7 E=5, PI → P=7 I=9,
 * AV → A=1 V=5, NT → N=4 T=3. A cédula without letters gets "00".
 */
const LETTER_CODES: Record<RucLetters, string> = {
  E: '50',
  N: '40',
  PE: '75',
  AV: '15',
  PI: '79',
  NT: '43',
}

const pad = (digits: string, width: number) => digits.padStart(width, '0')

/**
 * NT asientos: 5 digits are padded, 6 digits are kept (DGI examples 5.1 and
 * 6.1), and 7 digits are cut to their first 5 — the DGI note on p. 24 says to
 * "truncar los dos últimos números" and compute with 5 positions.
 */
function ntAsiento(asiento: string): string {
  if (asiento.length <= 5) return pad(asiento, 5)
  if (asiento.length === 6) return asiento
  return asiento.slice(0, 5)
}

/**
 * Natural persons: "5" + provincia(2) + letter code(2) + tomo + asiento,
 * left-padded to 20 (the leading "5" is the DGI's replacement for the "N"
 * that marks natural persons, p. 4).
 */
function naturalRuctb(ruc: ParsedRuc): Ructb {
  const [tomo, asiento] = ruc.segments
  const province = pad(String(ruc.province ?? 0), 2)

  switch (ruc.form) {
    case 'cedula':
      // 3-digit tomo: example 4 (8-274-125 → 91); 4-digit tomo: example 4a
      // (8-2743-1253 → 31). A 6-digit asiento without letters appears in no
      // DGI example, so it is not guessed.
      if (asiento.length > 5) return { status: 'unverifiable' }
      return ok(`5${province}00${pad(tomo, tomo.length === 4 ? 4 : 3)}${pad(asiento, 5)}`)

    case 'lettered': {
      const code = LETTER_CODES[ruc.letters!]
      // Example 12 (E-8788-26, 4-digit tomo) does not add up: its sums stop
      // half-way and its stated remainders do not give the DV it prints. With
      // no consistent rule for 4-digit tomos, those DVs are not checked here.
      if (tomo.length > 3) return { status: 'unverifiable' }
      if (asiento.length <= 5) return ok(`500${code}${pad(tomo, 3)}${pad(asiento, 5)}`)
      // 6-digit asiento: only E and N have a rule (example 8a, E-8-110361 → 95).
      if (ruc.letters === 'PE') return { status: 'unverifiable' }
      return ok(`500${code}${pad(tomo, 3)}${asiento}`)
    }

    case 'province_lettered':
      // Examples 9 (8PI-1-80 → 05) and 10 (8AV-1-196 → 90) only cover 3-digit
      // tomos and asientos of up to 5 digits.
      if (tomo.length > 3 || asiento.length > 5) return { status: 'unverifiable' }
      return ok(`5${province}${LETTER_CODES[ruc.letters!]}${pad(tomo, 3)}${pad(asiento, 5)}`)

    case 'tax_number':
      // Examples 5 (8-NT-1-24 → 33) and 5.1 (8-NT-1-123456 → 76).
      if (tomo.length > 3) return { status: 'unverifiable' }
      return ok(`5${province}43${pad(tomo, 3)}${ntAsiento(asiento)}`)

    default:
      return { status: 'not_applicable' }
  }
}

/**
 * Cross-reference for old-format juridical RUCs (DGI pp. 5-6, tables ARR-VAL
 * and ARR-DIG): the 13-position RUC of the past stored part of the tomo as
 * letters and digits, and these two positions keep the DV those RUCs already
 * had. Positions 6-7 equal to a key become "0" + the digit; any other value is
 * left alone (p. 6, "si no hay correspondencia … no se hace ningún cambio").
 * The table is irregular (23 → 7, 26 → 2); it is kept exactly as the DGI
 * prints it, column by column.
 */
const ARR_VAL =
  '00 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49'
const ARR_DIG =
  '0  1  2  3  4  5  6  7  8  9  1  2  3  4  7  8  9  2  3  4  5  6  7  8  9  1  2  3  4  5  6  7  8  9  1  2  3  4  5  6  7'
const LEGACY_CROSS_REFERENCE: Record<string, string> = Object.fromEntries(
  ARR_VAL.split(/\s+/).map((key, index) => [key, ARR_DIG.split(/\s+/)[index]])
)

/**
 * Juridical persons: tomo(10) + folio(4) + asiento(6) (§4). Juridical NT
 * numbers have no leading "5": provincia(2) + 43 + tomo(3) + asiento
 * (examples 6 and 6.1: 8-NT-1-419 → 68, 8-NT-1-123456 → 52).
 */
function juridicalRuctb(ruc: ParsedRuc): Ructb {
  if (ruc.form === 'tax_number') {
    const [tomo, asiento] = ruc.segments
    if (tomo.length > 3) return { status: 'unverifiable' }
    // NT numbers go through the DGI's natural/NT routine, never through the
    // "RUC antiguo" test below, even though their positions 4-6 are zeros.
    return ok(`${pad(String(ruc.province), 2)}43${pad(tomo, 3)}${ntAsiento(asiento)}`)
  }
  if (ruc.form !== 'registry' && ruc.form !== 'cedula') return { status: 'not_applicable' }

  const [tomo, folio, asiento] =
    ruc.form === 'cedula' ? [String(ruc.province), ...ruc.segments] : ruc.segments
  let ructb = `${pad(tomo, 10)}${pad(folio, 4)}${pad(asiento, 6)}`

  // "RUC antiguo" (p. 7): positions 4 and 5 are 0 and position 6 is below 5
  // (1-based), i.e. a tomo of at most five digits starting with 0-4.
  const legacy = ructb[3] === '0' && ructb[4] === '0' && ructb[5] < '5'
  if (legacy) {
    const digit = LEGACY_CROSS_REFERENCE[ructb.slice(5, 7)]
    if (digit !== undefined) ructb = `${ructb.slice(0, 5)}0${digit}${ructb.slice(7)}`
  }
  return { status: 'ok', ructb, legacy }
}

function ok(digits: string): Ructb {
  return { status: 'ok', ructb: pad(digits, 20), legacy: false }
}

/** The 20-digit RUCTB of a parsed RUC read as the given person type. */
export function toRuctb(ruc: ParsedRuc, personType: RucPersonType): Ructb {
  if (!ruc.personTypes.includes(personType)) return { status: 'not_applicable' }
  return personType === 'natural' ? naturalRuctb(ruc) : juridicalRuctb(ruc)
}

/*
|--------------------------------------------------------------------------
| The DV itself
|--------------------------------------------------------------------------
*/

/**
 * Rutina CALCULA DV (p. 7-8): weights 2, 3, 4… from the rightmost digit;
 * r = sum mod 11; the digit is 11 − r, or 0 when r is 0 or 1.
 *
 * Old-format RUCs (SW = 1): when the weight reaches 12 it is lowered by one,
 * once, so weight 11 is used twice (the DGI's worked example 1 shows J = 11
 * on two consecutive positions, in both passes).
 */
function dgiDigit(digits: string, legacy: boolean): number {
  let weight = 2
  let repeatEleven = legacy
  let sum = 0
  for (let index = digits.length - 1; index >= 0; index--) {
    if (repeatEleven && weight === 12) {
      weight = 11
      repeatEleven = false
    }
    sum += weight * Number(digits[index])
    weight++
  }
  const remainder = sum % 11
  return remainder > 1 ? 11 - remainder : 0
}

/**
 * DV of a 20-digit RUCTB: DV1 over the RUCTB, DV2 over the RUCTB followed
 * by DV1 (p. 6-7, "este ciclo se efectúa 2 veces", I = 20 then 21).
 */
export function dgiCheckDigits(ructb: string, legacy = false): string {
  if (!/^\d{20}$/.test(ructb)) throw new TypeError('RUCTB must be exactly 20 digits')
  const first = dgiDigit(ructb, legacy)
  const second = dgiDigit(`${ructb}${first}`, legacy)
  return `${first}${second}`
}

export type RucDv =
  | { status: 'ok'; dv: string; ructb: string; legacy: boolean }
  | { status: 'unverifiable' }
  | { status: 'not_applicable' }

/** The DV of a parsed RUC read as the given person type. */
export function rucCheckDigits(ruc: ParsedRuc, personType: RucPersonType): RucDv {
  const built = toRuctb(ruc, personType)
  if (built.status !== 'ok') return built
  return { ...built, dv: dgiCheckDigits(built.ructb, built.legacy) }
}

/**
 * Convenience: the DV of a RUC spelling, or null when it is malformed, does
 * not fit the person type, or has no DGI rule.
 */
export function computeRucDv(input: string, personType: RucPersonType): string | null {
  const parsed = parseRuc(input)
  if (!parsed.ok) return null
  const result = rucCheckDigits(parsed.ruc, personType)
  return result.status === 'ok' ? result.dv : null
}

/**
 * Splits the DV off a RUC written the common way, "155596713-2-2015 DV 59"
 * (also "DV59", "D.V. 59", "DV: 59"). Without such a suffix the DV is absent.
 */
export function splitRucDv(input: string): { ruc: string; dv?: string } {
  const match = /^(.*?)\s*D\.?\s*V\.?\s*:?\s*(\d{1,2})\s*$/i.exec(input.trim())
  if (!match || match[1] === '') return { ruc: input.trim() }
  return { ruc: match[1], dv: match[2] }
}

/*
|--------------------------------------------------------------------------
| Validation
|--------------------------------------------------------------------------
*/

export interface RucValidationOptions {
  /** The DV typed next to the RUC. */
  dv?: string | null
  /** tipoContribuyente, when known; otherwise every reading the spelling allows is tried. */
  personType?: RucPersonType
  /** Whether a missing DV is an error (contribuyente and gobierno customers). Default true. */
  requireDv?: boolean
  /** Issue field of the RUC. Default 'buyer.identification'. */
  field?: string
  /** Issue field of the DV. Default `${field}CheckDigits`. */
  dvField?: string
}

export interface RucValidation {
  /** Empty when the RUC and DV are valid; warnings do not block. */
  issues: ValidationIssue[]
  ruc?: ParsedRuc
  /** The person type the RUC was validated as (the one whose DV matched). */
  personType?: RucPersonType
  /** The DV the DGI algorithm gives, when exactly one reading has a rule. */
  expectedDv?: string
}

/**
 * Validates a RUC and its DV and says which person type matched. Never throws
 * for bad input: problems come back as issues.
 */
export function validateRuc(
  input: string | null | undefined,
  options: RucValidationOptions = {}
): RucValidation {
  const field = options.field ?? 'buyer.identification'
  const dvField = options.dvField ?? `${field}CheckDigits`
  const value = (input ?? '').trim()
  const result: RucValidation = { issues: [] }

  const parsed = parseRuc(value)
  if (!parsed.ok) {
    const params = { value, max: RUC_MAX_LENGTH }
    result.issues.push(panamaIssue(`tax.pa.ruc.${parsed.problem}`, field, { params }))
    return result
  }
  const ruc = parsed.ruc
  result.ruc = ruc

  const readings = options.personType ? [options.personType] : ruc.personTypes
  if (options.personType && !ruc.personTypes.includes(options.personType)) {
    const key =
      options.personType === 'natural' ? 'tax.pa.ruc.not_natural' : 'tax.pa.ruc.not_juridical'
    result.issues.push(panamaIssue(key, field, { params: { value: ruc.normalized } }))
    return result
  }

  const computed = readings.map((personType) => ({
    personType,
    dv: rucCheckDigits(ruc, personType),
  }))
  const known = computed.filter((entry) => entry.dv.status === 'ok')
  if (known.length === 1 && known[0].dv.status === 'ok') result.expectedDv = known[0].dv.dv
  if (readings.length === 1) result.personType = readings[0]

  const dv = (options.dv ?? '').trim()
  if (dv === '') {
    if (options.requireDv ?? true) {
      result.issues.push(panamaIssue('tax.pa.ruc.check_digit_required', dvField))
    }
    return result
  }
  if (!/^\d{2}$/.test(dv)) {
    result.issues.push(panamaIssue('tax.pa.ruc.check_digit_format', dvField, { params: { dv } }))
    return result
  }

  const match = known.find((entry) => entry.dv.status === 'ok' && entry.dv.dv === dv)
  if (match) {
    result.personType = match.personType
    return result
  }
  if (known.length < computed.length) {
    // At least one reading has no DGI rule: the DV may well be right, so the
    // document is not blocked, but the user is told it was not checked.
    const params = { value: ruc.normalized, dv }
    result.issues.push(
      panamaIssue('tax.pa.ruc.check_digit_unverified', dvField, { severity: 'warning', params })
    )
    return result
  }
  result.issues.push(
    panamaIssue('tax.pa.ruc.check_digit', dvField, { params: { value: ruc.normalized, dv } })
  )
  return result
}

/**
 * A company's own RUC and DV (registration, the issuer of documents): the
 * DV is required and checked with the DGI algorithm wherever one applies.
 * Issues land on `taxId` and `taxIdCheckDigits`; the RUC comes back in its
 * canonical spelling (leading zeros and spaces removed, letters upper-case).
 */
export function validateTaxId(
  input: string | null | undefined,
  dv?: string | null
): { normalized: string; issues: ValidationIssue[] } {
  const result = validateRuc(input, { dv, field: 'taxId', dvField: 'taxIdCheckDigits' })
  return {
    normalized: result.ruc?.normalized ?? (input ?? '').trim().toUpperCase(),
    issues: result.issues,
  }
}
