/*
|--------------------------------------------------------------------------
| Panama: DGI / HKA code tables
|--------------------------------------------------------------------------
|
| The codes HKA's Enviar expects (panama-hka.md §2, from felwiki `enviar`;
| hka/01_documentos_fel/02_metodo_enviar.md), as data with Spanish and
| English labels. Codes are strings exactly as HKA writes them: "01", not 1.
|
*/
import type { LocalizedText, TaxCategory } from '#adapters/core/types'

/** A code of one of the tables below. */
export interface PanamaCodeEntry {
  code: string
  /** Stable slug, for code that must not depend on the authority's numbers. */
  key: string
  label: LocalizedText
}

/*
|--------------------------------------------------------------------------
| ITBMS (tasaITBMS)
|--------------------------------------------------------------------------
|
| tasaITBMS is a code, not a percentage: "00" exento, "01" 7 %, "02" 10 %,
| "03" 15 % (§1.4: "tasaITBMS (a code, §2)"). It becomes
| TaxCategory.authorityRateCode; HKA has no separate tax code, so
| authorityCode is the tax's name.
|
*/
export const ITBMS_AUTHORITY_CODE = 'ITBMS'

export const PANAMA_TAX_CATEGORIES: readonly TaxCategory[] = [
  {
    code: 'itbms_exento',
    kind: 'vat',
    label: { es: 'ITBMS exento (0 %)', en: 'ITBMS exempt (0%)' },
    rate: '0',
    authorityCode: ITBMS_AUTHORITY_CODE,
    authorityRateCode: '00',
    active: true,
  },
  {
    code: 'itbms_7',
    kind: 'vat',
    label: { es: 'ITBMS 7 %', en: 'ITBMS 7%' },
    rate: '7',
    authorityCode: ITBMS_AUTHORITY_CODE,
    authorityRateCode: '01',
    active: true,
  },
  {
    code: 'itbms_10',
    kind: 'vat',
    label: { es: 'ITBMS 10 %', en: 'ITBMS 10%' },
    rate: '10',
    authorityCode: ITBMS_AUTHORITY_CODE,
    authorityRateCode: '02',
    active: true,
  },
  {
    code: 'itbms_15',
    kind: 'vat',
    label: { es: 'ITBMS 15 %', en: 'ITBMS 15%' },
    rate: '15',
    authorityCode: ITBMS_AUTHORITY_CODE,
    authorityRateCode: '03',
    active: true,
  },
]

/** The tax categories as fresh objects, so callers cannot alter the shared table. */
export function taxCategories(): TaxCategory[] {
  return PANAMA_TAX_CATEGORIES.map((category) => ({ ...category, label: { ...category.label } }))
}

/** The category with this code ("itbms_7"), or undefined. */
export function findTaxCategory(code: string | null | undefined): TaxCategory | undefined {
  return PANAMA_TAX_CATEGORIES.find((category) => category.code === code)
}

/** The category of a tasaITBMS code ("01" → itbms_7), e.g. when reading HKA data back. */
export function taxCategoryForRateCode(rateCode: string): TaxCategory | undefined {
  return taxCategories().find((category) => category.authorityRateCode === rateCode)
}

/*
|--------------------------------------------------------------------------
| Payment methods (formaPagoFact)
|--------------------------------------------------------------------------
*/

export interface PanamaPaymentMethod extends PanamaCodeEntry {
  /** 99 "otro" needs descFormaPago. */
  requiresDescription: boolean
}

/** descFormaPago is AN|10..100 and mandatory when formaPagoFact = 99. */
export const PAYMENT_DESCRIPTION_LENGTH = { min: 10, max: 100 } as const

// Code 10 ("punto de pago") appears only in one community plugin and is
// unconfirmed (§2), so it is not offered.
export const PANAMA_PAYMENT_METHODS: readonly PanamaPaymentMethod[] = [
  { code: '01', key: 'credit', label: { es: 'Crédito', en: 'Credit' } },
  { code: '02', key: 'cash', label: { es: 'Efectivo', en: 'Cash' } },
  { code: '03', key: 'credit_card', label: { es: 'Tarjeta de crédito', en: 'Credit card' } },
  { code: '04', key: 'debit_card', label: { es: 'Tarjeta de débito', en: 'Debit card' } },
  { code: '05', key: 'loyalty_card', label: { es: 'Tarjeta de fidelización', en: 'Loyalty card' } },
  { code: '06', key: 'voucher', label: { es: 'Vale', en: 'Voucher' } },
  { code: '07', key: 'gift_card', label: { es: 'Tarjeta de regalo', en: 'Gift card' } },
  {
    code: '08',
    key: 'bank_transfer',
    label: {
      es: 'Transferencia o depósito a cuenta bancaria',
      en: 'Bank transfer or deposit',
    },
  },
  { code: '09', key: 'cheque', label: { es: 'Cheque', en: 'Cheque' } },
  { code: '99', key: 'other', label: { es: 'Otro', en: 'Other' } },
].map((method) => ({ ...method, requiresDescription: method.code === '99' }))

/*
|--------------------------------------------------------------------------
| Document types (tipoDocumento)
|--------------------------------------------------------------------------
*/

export interface PanamaDocumentType extends PanamaCodeEntry {
  nature: 'invoice' | 'credit_note' | 'debit_note' | 'reimbursement'
  /**
   * 04 and 05 must carry listaDocsFiscalReferenciados (the original CUFE and
   * its fechaEmision); 06 and 07 are generic notes without one (§6).
   */
  referencesInvoice: boolean
}

export const PANAMA_DOCUMENT_TYPES: readonly PanamaDocumentType[] = [
  {
    code: '01',
    key: 'internal_invoice',
    label: { es: 'Factura de operación interna', en: 'Domestic invoice' },
    nature: 'invoice',
    referencesInvoice: false,
  },
  {
    code: '02',
    key: 'import_invoice',
    label: { es: 'Factura de importación', en: 'Import invoice' },
    nature: 'invoice',
    referencesInvoice: false,
  },
  {
    code: '03',
    key: 'export_invoice',
    label: { es: 'Factura de exportación', en: 'Export invoice' },
    nature: 'invoice',
    referencesInvoice: false,
  },
  {
    code: '04',
    key: 'credit_note',
    label: {
      es: 'Nota de crédito referente a una o varias FE',
      en: 'Credit note referring to e-invoices',
    },
    nature: 'credit_note',
    referencesInvoice: true,
  },
  {
    code: '05',
    key: 'debit_note',
    label: { es: 'Nota de débito referente a una FE', en: 'Debit note referring to an e-invoice' },
    nature: 'debit_note',
    referencesInvoice: true,
  },
  {
    code: '06',
    key: 'generic_credit_note',
    label: { es: 'Nota de crédito genérica', en: 'Generic credit note' },
    nature: 'credit_note',
    referencesInvoice: false,
  },
  {
    code: '07',
    key: 'generic_debit_note',
    label: { es: 'Nota de débito genérica', en: 'Generic debit note' },
    nature: 'debit_note',
    referencesInvoice: false,
  },
  {
    code: '08',
    key: 'free_zone_invoice',
    label: { es: 'Factura de zona franca', en: 'Free-zone invoice' },
    nature: 'invoice',
    referencesInvoice: false,
  },
  {
    code: '09',
    key: 'reimbursement',
    label: { es: 'Reembolso', en: 'Reimbursement' },
    nature: 'reimbursement',
    referencesInvoice: false,
  },
  // Listed on the Spanish `enviar` page only, not on the English one (§2).
  {
    code: '10',
    key: 'foreign_operation_invoice',
    label: { es: 'Factura de operación extranjera', en: 'Foreign-operation invoice' },
    nature: 'invoice',
    referencesInvoice: false,
  },
]

/*
|--------------------------------------------------------------------------
| Emission types (tipoEmision)
|--------------------------------------------------------------------------
*/

export interface PanamaEmissionType extends PanamaCodeEntry {
  /** Prior authorization ("autorización de uso previa") or later ("posterior"). */
  authorization: 'prior' | 'later'
  /**
   * Contingency types need fechaInicioContingencia and a motivoContingencia of
   * 15..250 characters (02_metodo_enviar.md).
   */
  contingency: boolean
}

export const PANAMA_EMISSION_TYPES: readonly PanamaEmissionType[] = [
  {
    code: '01',
    key: 'prior_normal',
    label: {
      es: 'Autorización de uso previa, operación normal',
      en: 'Prior authorization, normal operation',
    },
    authorization: 'prior',
    contingency: false,
  },
  {
    code: '02',
    key: 'prior_contingency',
    label: {
      es: 'Autorización de uso previa, operación en contingencia',
      en: 'Prior authorization, contingency',
    },
    authorization: 'prior',
    contingency: true,
  },
  {
    code: '03',
    key: 'later_normal',
    label: {
      es: 'Autorización de uso posterior, operación normal',
      en: 'Later authorization, normal operation',
    },
    authorization: 'later',
    contingency: false,
  },
  {
    code: '04',
    key: 'later_contingency',
    label: {
      es: 'Autorización de uso posterior, operación en contingencia',
      en: 'Later authorization, contingency',
    },
    authorization: 'later',
    contingency: true,
  },
]

/** The entry of `code` in one of the tables above. */
export function findCode<T extends PanamaCodeEntry>(
  table: readonly T[],
  code: string | null | undefined
): T | undefined {
  return table.find((entry) => entry.code === code)
}
