/*
|--------------------------------------------------------------------------
| Panama: customer types and their identification
|--------------------------------------------------------------------------
|
| HKA's `cliente` node (panama-hka.md §1.4; hka/01_documentos_fel/
| 02_metodo_enviar.md) classifies the buyer with tipoClienteFE, and each type
| asks for different fields:
|
|   01 contribuyente    RUC + valid DV + tipoContribuyente (1 natural, 2 jurídico)
|   02 consumidor final nothing but the type; a cédula may go in numeroRUC
|   03 gobierno         RUC + valid DV + tipoContribuyente
|   04 extranjero       tipoIdentificacion + nroIdentificacionExtranjero
|                       (+ paisExtranjero for passports), and no RUC at all
|
| The type code is what `Buyer.identificationType` carries for PA tenants.
|
*/
import type { IdentificationType, LocalizedText, ValidationIssue } from '#adapters/core/types'
import { panamaIssue } from '#adapters/panama_hka/messages'
import {
  RUC_MAX_LENGTH,
  parseRuc,
  personTypeFromCode,
  splitRucDv,
  validateRuc,
} from '#adapters/panama_hka/ruc'

/** How a customer form treats a field for one customer type. */
export type FieldRule = 'required' | 'optional' | 'omit'

/** A tipoClienteFE, with the fields the customer form must ask for. */
export interface PanamaCustomerType extends IdentificationType {
  fields: {
    /** numeroRUC. */
    ruc: FieldRule
    /** digitoVerificadorRUC. */
    checkDigits: FieldRule
    /** tipoContribuyente. */
    taxpayerType: FieldRule
    /** tipoIdentificacion + nroIdentificacionExtranjero. */
    foreignIdentification: FieldRule
    /** paisExtranjero: only when the foreign identification is a passport. */
    foreignCountry: FieldRule | 'passport_only'
  }
}

/** A code with its labels (tipoContribuyente, tipoIdentificacion). */
export interface PanamaCode {
  code: string
  key: string
  label: LocalizedText
}

export const PANAMA_CUSTOMER_TYPES: readonly PanamaCustomerType[] = [
  {
    code: '01',
    key: 'taxpayer',
    label: { es: 'Contribuyente', en: 'Taxpayer' },
    fields: {
      ruc: 'required',
      checkDigits: 'required',
      taxpayerType: 'required',
      foreignIdentification: 'omit',
      foreignCountry: 'omit',
    },
  },
  {
    code: '02',
    key: 'final_consumer',
    label: { es: 'Consumidor final', en: 'Final consumer' },
    // HKA's consumidor final example sends only tipoClienteFE and pais
    // (hka/03_documentos_fiscales/12_factura_consumidor_final.md).
    fields: {
      ruc: 'optional',
      checkDigits: 'optional',
      taxpayerType: 'optional',
      foreignIdentification: 'omit',
      foreignCountry: 'omit',
    },
  },
  {
    code: '03',
    key: 'government',
    label: { es: 'Gobierno', en: 'Government' },
    fields: {
      ruc: 'required',
      checkDigits: 'required',
      taxpayerType: 'required',
      foreignIdentification: 'omit',
      foreignCountry: 'omit',
    },
  },
  {
    code: '04',
    key: 'foreign',
    label: { es: 'Extranjero', en: 'Foreign customer' },
    // HKA rejects a foreign customer that carries tipoContribuyente, RUC, DV
    // or ubicación (codigo 201, §1.4): the form must not even collect them.
    fields: {
      ruc: 'omit',
      checkDigits: 'omit',
      taxpayerType: 'omit',
      foreignIdentification: 'required',
      foreignCountry: 'passport_only',
    },
  },
]

/** tipoContribuyente (§2): the same codes as tipoRuc in ConsultarRucDV. */
export const PANAMA_TAXPAYER_TYPES: readonly PanamaCode[] = [
  { code: '1', key: 'natural', label: { es: 'Persona natural', en: 'Natural person' } },
  { code: '2', key: 'juridical', label: { es: 'Persona jurídica', en: 'Juridical person' } },
]

/** tipoIdentificacion of a foreign customer (02_metodo_enviar.md, `cliente`). */
export const PANAMA_FOREIGN_ID_TYPES: readonly PanamaCode[] = [
  { code: '01', key: 'passport', label: { es: 'Pasaporte', en: 'Passport' } },
  { code: '02', key: 'tax_number', label: { es: 'Número tributario', en: 'Tax number' } },
  { code: '99', key: 'other', label: { es: 'Otro', en: 'Other' } },
]

/** nroIdentificacionExtranjero and paisExtranjero are AN|..50. */
export const FOREIGN_FIELD_MAX_LENGTH = 50

/** The customer types as fresh objects, so callers cannot alter the shared table. */
export function customerTypes(): PanamaCustomerType[] {
  return PANAMA_CUSTOMER_TYPES.map((type) => ({
    ...type,
    label: { ...type.label },
    fields: { ...type.fields },
  }))
}

/** The identification a customer form collects, with HKA's names alongside. */
export interface PanamaCustomerIdentity {
  /** tipoClienteFE: '01'..'04'. */
  type: string
  /** numeroRUC (01-03) or nroIdentificacionExtranjero (04). */
  number?: string | null
  /** digitoVerificadorRUC. */
  checkDigits?: string | null
  /** tipoContribuyente: '1' natural, '2' jurídico. */
  taxpayerType?: string | null
  /** tipoIdentificacion of a foreign customer: '01', '02', '99'. */
  foreignIdType?: string | null
  /** paisExtranjero: full country name, for passports. */
  country?: string | null
}

export interface CustomerValidationOptions {
  /** Field prefix of the issues. Default 'buyer'. */
  prefix?: string
  /**
   * When true, fields other than type, number and DV are not required (the
   * two-argument `validateIdentification` of the TaxAuthority contract cannot
   * carry them); they are still checked when present.
   */
  partial?: boolean
}

/**
 * Validates a customer's identification for an HKA `cliente` node. Never
 * throws: problems come back as issues (errors block, warnings inform).
 */
export function validateCustomer(
  identity: PanamaCustomerIdentity,
  options: CustomerValidationOptions = {}
): ValidationIssue[] {
  const prefix = options.prefix ?? 'buyer'
  const fields = {
    type: `${prefix}.identificationType`,
    number: `${prefix}.identification`,
    checkDigits: `${prefix}.identificationCheckDigits`,
    taxpayerType: `${prefix}.taxpayerType`,
    foreignIdType: `${prefix}.foreignIdentificationType`,
    country: `${prefix}.country`,
  }
  const type = (identity.type ?? '').trim()
  const number = (identity.number ?? '').trim()
  const checkDigits = (identity.checkDigits ?? '').trim()

  if (!PANAMA_CUSTOMER_TYPES.some((entry) => entry.code === type)) {
    return [panamaIssue('tax.pa.identification.type', fields.type, { params: { value: type } })]
  }

  if (type === '04') return validateForeign(identity, number, fields, options.partial ?? false)

  const issues: ValidationIssue[] = []
  const taxpayerCode = (identity.taxpayerType ?? '').trim()
  const personType = personTypeFromCode(taxpayerCode)
  const taxpayerRequired = type !== '02' && !options.partial
  if ((taxpayerCode !== '' && !personType) || (taxpayerCode === '' && taxpayerRequired)) {
    issues.push(panamaIssue('tax.pa.identification.taxpayer_type', fields.taxpayerType))
  }

  if (type === '02') {
    issues.push(...validateFinalConsumer(number, checkDigits, personType, fields))
    return issues
  }

  // 01 contribuyente and 03 gobierno: "RUC, valid DV, razonSocial, dirección
  // required" (§1.4); HKA checks the DV with the DGI algorithm.
  const ruc = validateRuc(number, {
    dv: checkDigits,
    personType,
    field: fields.number,
    dvField: fields.checkDigits,
  })
  issues.push(...ruc.issues)
  return issues
}

/**
 * Consumidor final: the number is optional and may be a cédula, or even a
 * placeholder such as the "000000" in HKA's own instalment example
 * (hka/03_documentos_fiscales/15_factura_pago_plazo.md), so an unreadable
 * number only warns. A juridical RUC, though, HKA rejects outright (FAQ:
 * "si es RUC jurídico, debe declararse obligatoriamente como contribuyente").
 */
function validateFinalConsumer(
  number: string,
  checkDigits: string,
  personType: ReturnType<typeof personTypeFromCode>,
  fields: { number: string; checkDigits: string }
): ValidationIssue[] {
  if (number === '') return []
  const parsed = parseRuc(number)
  if (!parsed.ok) {
    if (parsed.problem === 'too_long') {
      return [
        panamaIssue('tax.pa.ruc.too_long', fields.number, { params: { max: RUC_MAX_LENGTH } }),
      ]
    }
    return [
      panamaIssue('tax.pa.ruc.format', fields.number, {
        severity: 'warning',
        params: { value: number },
      }),
    ]
  }
  const juridicalOnly = !parsed.ruc.personTypes.includes('natural')
  if (juridicalOnly || personType === 'juridical') {
    return [panamaIssue('tax.pa.identification.juridical_final_consumer', fields.number)]
  }
  if (checkDigits === '') return []
  return validateRuc(number, {
    dv: checkDigits,
    personType: 'natural',
    field: fields.number,
    dvField: fields.checkDigits,
  }).issues
}

function validateForeign(
  identity: PanamaCustomerIdentity,
  number: string,
  fields: { number: string; foreignIdType: string; country: string },
  partial: boolean
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const max = FOREIGN_FIELD_MAX_LENGTH
  const idType = (identity.foreignIdType ?? '').trim()
  const country = (identity.country ?? '').trim()

  const knownIdType = PANAMA_FOREIGN_ID_TYPES.some((entry) => entry.code === idType)
  if ((idType !== '' && !knownIdType) || (idType === '' && !partial)) {
    issues.push(panamaIssue('tax.pa.identification.foreign_type', fields.foreignIdType))
  }
  if (number === '' || number.length > max) {
    issues.push(
      panamaIssue('tax.pa.identification.foreign_number', fields.number, { params: { max } })
    )
  }
  // paisExtranjero: "solo si nroIdentificacionExtranjero es pasaporte;
  // nombre completo del país" (02_metodo_enviar.md).
  if (idType === '01' && (country === '' || country.length > max)) {
    issues.push(
      panamaIssue('tax.pa.identification.foreign_country', fields.country, { params: { max } })
    )
  }
  return issues
}

/**
 * The TaxAuthority contract's `validateIdentification(type, number)`, with
 * the DV as an optional third argument. Without it, a DV written after the
 * RUC ("155596713-2-2015 DV 59") is used. The taxpayer type is inferred:
 * every reading the RUC allows is tried and the DV decides.
 */
export function validateIdentification(
  type: string,
  number: string,
  dv?: string | null
): ValidationIssue[] {
  let ruc = number ?? ''
  let checkDigits = dv ?? undefined
  if ((checkDigits ?? '').trim() === '' && (type ?? '').trim() !== '04') {
    const split = splitRucDv(ruc)
    ruc = split.ruc
    checkDigits = split.dv
  }
  return validateCustomer({ type, number: ruc, checkDigits }, { partial: true })
}
