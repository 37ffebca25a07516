/*
|--------------------------------------------------------------------------
| Panama: country data for catalog forms
|--------------------------------------------------------------------------
|
| Everything the catalogs module needs for a PA tenant, shaped like the
| country-data methods of the TaxAuthority contract (identificationTypes,
| validateIdentification, taxCategories) so the Panama adapter can later
| return these unchanged, plus Panama's own tables and the formats of the
| establishment ("sucursal") and emission point ("punto de facturación")
| codes. Pure data and functions: no network, no database.
|
*/
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type { LocalizedText, TaxCategory, ValidationIssue } from '#adapters/core/types'
import { panamaIssue } from '#adapters/panama_hka/messages'
import {
  PANAMA_FOREIGN_ID_TYPES,
  PANAMA_TAXPAYER_TYPES,
  customerTypes,
  validateCustomer,
  validateIdentification,
  type PanamaCode,
  type PanamaCustomerType,
} from '#adapters/panama_hka/identification'
import { validateTaxId } from '#adapters/panama_hka/ruc'
import {
  PANAMA_DOCUMENT_TYPES,
  PANAMA_EMISSION_TYPES,
  PANAMA_PAYMENT_METHODS,
  taxCategories,
  type PanamaDocumentType,
  type PanamaEmissionType,
  type PanamaPaymentMethod,
} from '#adapters/panama_hka/tax_codes'

/** How a numeric code is written, for form hints and client-side checks. */
export interface CodeFormat {
  /** Exact number of digits. */
  length: number
  /** Regular expression source the whole code must match. */
  pattern: string
  /** Lowest allowed value, written out. */
  first: string
  /** Highest allowed value, written out. */
  last: string
  hint: LocalizedText
}

/**
 * codigoSucursalEmisor: 4 digits, "0000" is the casa matriz (head office)
 * and "0001" onwards the branches (panama-hka.md §1.4).
 */
export const ESTABLISHMENT_CODE_FORMAT: Readonly<CodeFormat & { headOffice: string }> =
  Object.freeze({
    length: 4,
    pattern: '^\\d{4}$',
    first: '0000',
    last: '9999',
    headOffice: '0000',
    hint: {
      es: '4 dígitos: 0000 casa matriz, 0001 en adelante para sucursales.',
      en: '4 digits: 0000 head office, 0001 onwards for branches.',
    },
  })

/**
 * puntoFacturacionFiscal: N(3), zero-padded, "000" not allowed; each point
 * keeps its own numbering series (§1.4).
 */
export const EMISSION_POINT_CODE_FORMAT: Readonly<CodeFormat> = Object.freeze({
  length: 3,
  pattern: '^(?!000)\\d{3}$',
  first: '001',
  last: '999',
  hint: {
    es: '3 dígitos, de 001 a 999.',
    en: '3 digits, from 001 to 999.',
  },
})

const matches = (format: CodeFormat, code: string | null | undefined) =>
  new RegExp(format.pattern).test(code ?? '')

/** Checks a sucursal code; the default field is the neutral DocumentIssuer's. */
export function validateEstablishmentCode(
  code: string | null | undefined,
  field = 'issuer.establishmentCode'
): ValidationIssue[] {
  return matches(ESTABLISHMENT_CODE_FORMAT, code)
    ? []
    : [panamaIssue('tax.pa.establishment.format', field)]
}

/** Checks a punto de facturación code; the default field is the neutral DocumentIssuer's. */
export function validateEmissionPointCode(
  code: string | null | undefined,
  field = 'issuer.emissionPointCode'
): ValidationIssue[] {
  return matches(EMISSION_POINT_CODE_FORMAT, code)
    ? []
    : [panamaIssue('tax.pa.emission_point.format', field)]
}

/** Writes a sucursal number as its code (1 → "0001"); null when out of range. */
export function formatEstablishmentCode(value: number): string | null {
  return Number.isInteger(value) && value >= 0 && value <= 9999
    ? String(value).padStart(4, '0')
    : null
}

/** Writes a punto de facturación number as its code (1 → "001"); null when out of range. */
export function formatEmissionPointCode(value: number): string | null {
  return Number.isInteger(value) && value >= 1 && value <= 999
    ? String(value).padStart(3, '0')
    : null
}

const copyCodes = <T extends { label: LocalizedText }>(table: readonly T[]): T[] =>
  table.map((entry) => ({ ...entry, label: { ...entry.label } }))

/**
 * Panama's country data. The first three members have exactly the
 * signatures of the TaxAuthority contract (`validateIdentification` adds an
 * optional DV argument, which the contract's callers may leave out).
 */
export interface PanamaCountryData
  extends Pick<TaxAuthority, 'identificationTypes' | 'validateIdentification' | 'taxCategories'> {
  country: 'PA'
  timeZone: 'America/Panama'
  /** tipoClienteFE 01-04 with the fields each one needs. */
  identificationTypes(): PanamaCustomerType[]
  validateIdentification(type: string, number: string, dv?: string | null): ValidationIssue[]
  /** ITBMS 0 %, 7 %, 10 %, 15 %. */
  taxCategories(): TaxCategory[]
  /** The complete customer check (tipoContribuyente, foreign id type, country). */
  validateCustomer: typeof validateCustomer
  /** A company's own RUC + DV (registration). */
  validateTaxId: typeof validateTaxId
  /** tipoContribuyente: 1 natural, 2 jurídico. */
  taxpayerTypes(): PanamaCode[]
  /** tipoIdentificacion of foreign customers. */
  foreignIdentificationTypes(): PanamaCode[]
  /** formaPagoFact, for `Payment.method`. */
  paymentMethods(): PanamaPaymentMethod[]
  /** tipoDocumento. */
  documentTypes(): PanamaDocumentType[]
  /** tipoEmision. */
  emissionTypes(): PanamaEmissionType[]
  establishmentCode: typeof ESTABLISHMENT_CODE_FORMAT
  emissionPointCode: typeof EMISSION_POINT_CODE_FORMAT
  validateEstablishmentCode: typeof validateEstablishmentCode
  validateEmissionPointCode: typeof validateEmissionPointCode
}

export const panamaCountryData: PanamaCountryData = {
  country: 'PA',
  // UTC−5 all year, no daylight saving.
  timeZone: 'America/Panama',
  identificationTypes: customerTypes,
  validateIdentification,
  taxCategories,
  validateCustomer,
  validateTaxId,
  taxpayerTypes: () => copyCodes(PANAMA_TAXPAYER_TYPES),
  foreignIdentificationTypes: () => copyCodes(PANAMA_FOREIGN_ID_TYPES),
  paymentMethods: () => copyCodes(PANAMA_PAYMENT_METHODS),
  documentTypes: () => copyCodes(PANAMA_DOCUMENT_TYPES),
  emissionTypes: () => copyCodes(PANAMA_EMISSION_TYPES),
  establishmentCode: ESTABLISHMENT_CODE_FORMAT,
  emissionPointCode: EMISSION_POINT_CODE_FORMAT,
  validateEstablishmentCode,
  validateEmissionPointCode,
}
