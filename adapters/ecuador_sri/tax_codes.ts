/*
|--------------------------------------------------------------------------
| SRI code tables
|--------------------------------------------------------------------------
|
| Data, not logic: document codes, buyer identification types, taxes and
| their percentage codes, payment methods. Labels in Spanish and English.
| Codes follow the SRI ficha técnica (offline scheme) as mirrored by the
| Odoo and OCA Ecuadorian localizations.
|
*/
import type {
  DocumentType,
  IdentificationType,
  LocalizedText,
  TaxCategory,
} from '#adapters/core/types'

/** codDoc of each document Facturo issues (01 factura, 04 nota de crédito). */
export const DOCUMENT_CODES: Record<DocumentType, string> = {
  invoice: '01',
  credit_note: '04',
}

/** codDoc table, for labels of referenced documents. 04 is the credit note (some docs swap 04/05). */
export const SRI_DOCUMENT_CODE_LABELS: Record<string, LocalizedText> = {
  '01': { es: 'Factura', en: 'Invoice' },
  '03': { es: 'Liquidación de compra', en: 'Purchase settlement' },
  '04': { es: 'Nota de crédito', en: 'Credit note' },
  '05': { es: 'Nota de débito', en: 'Debit note' },
  '06': { es: 'Guía de remisión', en: 'Delivery guide' },
  '07': { es: 'Comprobante de retención', en: 'Withholding receipt' },
}

/** ambiente: 1 pruebas, 2 producción. */
export const ENVIRONMENT_CODES = { test: '1', production: '2' } as const

/** tipoEmision: 1 normal (2 was contingency in the retired online scheme). */
export const EMISSION_TYPE_NORMAL = '1'

/** The identification number SRI requires for "consumidor final". */
export const FINAL_CONSUMER_ID = '9999999999999'

/** tipoIdentificacionComprador (sales side; 01–03 are the purchase/ATS codes). */
export const IDENTIFICATION_TYPES: IdentificationType[] = [
  { code: '04', key: 'ruc', label: { es: 'RUC', en: 'RUC (tax id)' } },
  { code: '05', key: 'cedula', label: { es: 'Cédula', en: 'National id (cédula)' } },
  { code: '06', key: 'passport', label: { es: 'Pasaporte', en: 'Passport' } },
  {
    code: '07',
    key: 'final_consumer',
    label: { es: 'Consumidor final', en: 'Final consumer' },
    fixedNumber: FINAL_CONSUMER_ID,
  },
  {
    code: '08',
    key: 'foreign',
    label: { es: 'Identificación del exterior', en: 'Foreign identification' },
  },
]

/** impuesto/codigo. */
export const TAX_KIND_CODES = { iva: '2', ice: '3', irbpnr: '5' } as const

/**
 * IVA codigoPorcentaje → rate. 4 = 15 % and 5 = 5 % are current; 2 (12 %),
 * 3 (14 %), 8 (8 %) and 10 (13 %) are historic or temporary rates kept for
 * old documents and credit notes. 6 is "no objeto" and 7 "exento" (some
 * documents swap them; these follow Odoo 17's L10N_EC_VAT_SUBTAXES).
 */
export const IVA_CATEGORIES: TaxCategory[] = [
  iva('iva_15', '4', '15', true, { es: 'IVA 15 %', en: 'VAT 15 %' }),
  iva('iva_5', '5', '5', true, { es: 'IVA 5 %', en: 'VAT 5 %' }),
  iva('iva_0', '0', '0', true, { es: 'IVA 0 %', en: 'VAT 0 %' }),
  iva('iva_no_objeto', '6', '0', true, { es: 'No objeto de IVA', en: 'Not subject to VAT' }),
  iva('iva_exento', '7', '0', true, { es: 'Exento de IVA', en: 'VAT exempt' }),
  iva('iva_12', '2', '12', false, { es: 'IVA 12 % (histórico)', en: 'VAT 12 % (historic)' }),
  iva('iva_14', '3', '14', false, { es: 'IVA 14 % (histórico)', en: 'VAT 14 % (historic)' }),
  iva('iva_8', '8', '8', false, { es: 'IVA diferenciado 8 %', en: 'Reduced VAT 8 %' }),
  iva('iva_13', '10', '13', false, { es: 'IVA 13 % (temporal)', en: 'VAT 13 % (temporary)' }),
]

/**
 * Excise taxes, used as `DocumentLine.extraTaxes`. ICE carries the 4-digit
 * product code (codigoPorcentaje) and rate on each line, because SRI's ICE
 * table has hundreds of entries. IRBPNR is USD 0.02 per plastic bottle
 * (codigoPorcentaje 5001, as Odoo's l10n_ec_edi emits it).
 */
export const EXCISE_CATEGORIES: TaxCategory[] = [
  {
    code: 'ice',
    kind: 'excise',
    label: { es: 'ICE', en: 'Special consumption tax (ICE)' },
    rate: '0',
    authorityCode: TAX_KIND_CODES.ice,
    authorityRateCode: '',
    active: true,
  },
  {
    code: 'irbpnr',
    kind: 'other',
    label: {
      es: 'IRBPNR (botellas plásticas no retornables)',
      en: 'Plastic bottle tax (IRBPNR)',
    },
    rate: '0.02',
    authorityCode: TAX_KIND_CODES.irbpnr,
    authorityRateCode: '5001',
    active: true,
  },
]

export const TAX_CATEGORIES: TaxCategory[] = [...IVA_CATEGORIES, ...EXCISE_CATEGORIES]

export function findIvaCategory(code: string): TaxCategory | undefined {
  return IVA_CATEGORIES.find((category) => category.code === code)
}

/**
 * formaPago (the XSD allows 01–21). 17, 18 and 21 are listed but inactive
 * in Odoo's catalogue; kept so old documents still build.
 */
export const PAYMENT_METHODS: Array<{
  code: string
  key: string
  label: LocalizedText
  active: boolean
}> = [
  {
    code: '01',
    key: 'cash',
    label: {
      es: 'Sin utilización del sistema financiero',
      en: 'Without the financial system (cash)',
    },
    active: true,
  },
  {
    code: '15',
    key: 'debt_offsetting',
    label: { es: 'Compensación de deudas', en: 'Debt offsetting' },
    active: true,
  },
  {
    code: '16',
    key: 'debit_card',
    label: { es: 'Tarjeta de débito', en: 'Debit card' },
    active: true,
  },
  {
    code: '17',
    key: 'electronic_money',
    label: { es: 'Dinero electrónico', en: 'Electronic money' },
    active: false,
  },
  {
    code: '18',
    key: 'prepaid_card',
    label: { es: 'Tarjeta prepago', en: 'Prepaid card' },
    active: false,
  },
  {
    code: '19',
    key: 'credit_card',
    label: { es: 'Tarjeta de crédito', en: 'Credit card' },
    active: true,
  },
  {
    code: '20',
    key: 'financial_system',
    label: {
      es: 'Otros con utilización del sistema financiero',
      en: 'Other, through the financial system (transfer, cheque)',
    },
    active: true,
  },
  {
    code: '21',
    key: 'endorsement',
    label: { es: 'Endoso de títulos', en: 'Endorsement of securities' },
    active: false,
  },
]

/**
 * The payment methods offered for new documents: the active ones, and 21
 * (endoso de títulos), which SRI's schema still accepts and Facturo has
 * always offered.
 */
export const OFFERED_PAYMENT_METHODS = PAYMENT_METHODS.filter(
  (method) => method.active || method.code === '21'
)

/** RIMPE legends, exactly as the XSD pattern requires (with the accent). */
export const RIMPE_LEGENDS = {
  entrepreneur: 'CONTRIBUYENTE RÉGIMEN RIMPE',
  popular_business: 'CONTRIBUYENTE NEGOCIO POPULAR - RÉGIMEN RIMPE',
} as const

function iva(
  code: string,
  rateCode: string,
  rate: string,
  active: boolean,
  label: LocalizedText
): TaxCategory {
  return {
    code,
    kind: 'vat',
    label,
    rate,
    authorityCode: TAX_KIND_CODES.iva,
    authorityRateCode: rateCode,
    active,
  }
}
