/*
|--------------------------------------------------------------------------
| Panama HKA: how Facturo names a document before and after its CUFE
|--------------------------------------------------------------------------
|
| HKA assigns the CUFE when it authorizes (its security code is random), so
| a document has no CUFE before Enviar answers. Every other operation
| (EstadoDocumento, AnulacionDocumento, DescargaXML/PDF, EnvioCorreo) names a
| document by its `datosDocumento`: sucursal, número, punto de facturación,
| tipoDocumento and tipoEmision. Facturo's authority key for a document not
| yet authorized carries exactly those, plus the environment and the
| issuer's RUC so it is unique across companies and environments:
|
|   tipoDocumento(2) tipoEmision(2) ambiente(1) sucursal(4) punto(3)
|   número(10) "-" RUC          e.g. 0101200000010000000042-155596713-2-2015
|
| (at most 43 characters). Once authorized, the CUFE itself holds the same
| fields (cufe.ts), so either key gives the datosDocumento back.
|
*/
import type { TaxEnvironment } from '#adapters/core/types'
import { CUFE_LENGTH, parseCufe } from '#adapters/panama_hka/cufe'

/** datosDocumento of EstadoDocumento, AnulacionDocumento, DescargaXML/PDF and EnvioCorreo. */
export interface DocumentData {
  /** codigoSucursalEmisor, 4 characters. */
  establishmentCode: string
  /** numeroDocumentoFiscal, 10 digits. */
  number: string
  /** puntoFacturacionFiscal, 3 digits. */
  emissionPointCode: string
  /** tipoDocumento, 2 digits. */
  documentType: string
  /** tipoEmision, 2 digits. */
  emissionType: string
}

export interface DocumentKey extends DocumentData {
  environment: TaxEnvironment
  /** The issuer's RUC (absent from nothing: both forms carry it). */
  ruc: string
  /** The CUFE, when the key is one. */
  cufe?: string
}

/** iAmb (panama-hka.md §2): 1 producción, 2 pruebas. */
export const AMBIENTE: Record<TaxEnvironment, '1' | '2'> = { production: '1', test: '2' }

const KEY = /^(\d{2})(\d{2})([12])(\d{4})(\d{3})(\d{10})-(.{1,20})$/

/** The key of a document Facturo has built but HKA has not authorized yet. */
export function buildDocumentKey(
  data: DocumentData,
  environment: TaxEnvironment,
  ruc: string
): string {
  return `${data.documentType}${data.emissionType}${AMBIENTE[environment]}${data.establishmentCode}${data.emissionPointCode}${data.number}-${ruc.trim()}`
}

/** The datosDocumento (and more) of a key or a CUFE; undefined when it is neither. */
export function parseDocumentKey(key: string | null | undefined): DocumentKey | undefined {
  const text = (key ?? '').trim()
  if (text.length === CUFE_LENGTH && text.startsWith('FE')) {
    const parsed = parseCufe(text)
    if (!parsed.ok) return undefined
    const fields = parsed.fields
    return {
      establishmentCode: fields.establishmentCode,
      number: fields.number,
      emissionPointCode: fields.emissionPointCode,
      documentType: fields.documentType,
      emissionType: fields.emissionType,
      environment: fields.environment,
      ruc: fields.issuerRuc,
      cufe: fields.cufe,
    }
  }
  const match = KEY.exec(text)
  if (!match) return undefined
  const [
    ,
    documentType,
    emissionType,
    ambiente,
    establishmentCode,
    emissionPointCode,
    number,
    ruc,
  ] = match
  if (emissionPointCode === '000' || /^0+$/.test(number)) return undefined
  return {
    documentType,
    emissionType,
    environment: ambiente === '1' ? 'production' : 'test',
    establishmentCode,
    emissionPointCode,
    number,
    ruc,
  }
}
