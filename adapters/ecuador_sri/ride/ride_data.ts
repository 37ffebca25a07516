/*
|--------------------------------------------------------------------------
| RIDE input and labels
|--------------------------------------------------------------------------
|
| The RIDE (Representación Impresa del Documento Electrónico) is drawn from
| the neutral document plus what SRI answered, never from the database.
| Figures are recomputed with the builder's arithmetic (money.ts), so the
| printout always matches the XML that was signed.
|
*/
import type { IssuerIdentity, TaxDocument, TaxEnvironment } from '#adapters/core/types'

export interface RideAuthorization {
  /** numeroAutorizacion (in the offline scheme, the clave itself). */
  number: string
  /** fechaAutorizacion. */
  authorizedAt: Date | string
}

export interface RideData {
  issuer: IssuerIdentity
  document: TaxDocument
  /** The 49-digit clave de acceso. */
  accessKey: string
  environment: TaxEnvironment
  /** Absent while SRI has not authorized the document: the RIDE then says so. */
  authorization?: RideAuthorization
  /** "001-001-000000123"; derived from the document when absent. */
  number?: string
  /** PNG or JPEG logo of the issuer, drawn top left. */
  logo?: Buffer
  /** guía de remisión number printed in the buyer block, when any. */
  deliveryGuide?: string
}

export const DOCUMENT_TITLES = {
  invoice: 'FACTURA',
  credit_note: 'NOTA DE CRÉDITO',
} as const

export const ENVIRONMENT_LABELS: Record<TaxEnvironment, string> = {
  test: 'PRUEBAS',
  production: 'PRODUCCIÓN',
}

/** IVA codigoPorcentaje → how the RIDE names its subtotal. */
export const IVA_SUBTOTAL_LABELS: Record<string, string> = {
  0: 'SUBTOTAL 0%',
  6: 'SUBTOTAL NO OBJETO DE IVA',
  7: 'SUBTOTAL EXENTO DE IVA',
}

/** tipoIdentificacionComprador labels as printed. */
export const IDENTIFICATION_LABELS: Record<string, string> = {
  '04': 'RUC',
  '05': 'CÉDULA',
  '06': 'PASAPORTE',
  '07': 'CONSUMIDOR FINAL',
  '08': 'IDENTIFICACIÓN DEL EXTERIOR',
}
