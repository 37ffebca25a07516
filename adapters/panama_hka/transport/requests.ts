/*
|--------------------------------------------------------------------------
| Panama HKA: the operation elements of each request
|--------------------------------------------------------------------------
|
| Written as HKA's demo Postman collection writes them: the operation and
| its plain arguments in `tem:` (http://tempuri.org/), the children of its
| objects in the method's own `ser:` namespace (namespaces.ts), elements in
| the collection's order. The transport puts each one in a SOAP 1.1 body as
| it is.
|
| Tokens are the company's secrets: they go into the request and nowhere
| else (no log line, no error message carries a request).
|
*/
import type { DocumentData } from '#adapters/panama_hka/document_key'
import { DOCUMENTO_OPEN, escapeXmlText } from '#adapters/panama_hka/documento/xml'
import { OPERATION_CHILD_NS, TEMPURI_NS, type HkaOperation } from '#adapters/panama_hka/namespaces'

/** The two credentials HKA issues per company (RUC) and environment. */
export interface HkaTokens {
  tokenEmpresa: string
  tokenPassword: string
}

function open(operation: HkaOperation): string {
  const child = OPERATION_CHILD_NS[operation]
  const ser = child ? ` xmlns:ser="${child}"` : ''
  return `<tem:${operation} xmlns:tem="${TEMPURI_NS}"${ser}>`
}

const tem = (name: string, value: string) => `<tem:${name}>${escapeXmlText(value)}</tem:${name}>`
const ser = (name: string, value: string) => `<ser:${name}>${escapeXmlText(value)}</ser:${name}>`

function tokens(credentials: HkaTokens): string {
  return (
    tem('tokenEmpresa', credentials.tokenEmpresa) + tem('tokenPassword', credentials.tokenPassword)
  )
}

function datosDocumento(data: DocumentData, serialDispositivo?: string): string {
  return (
    '<tem:datosDocumento>' +
    ser('codigoSucursalEmisor', data.establishmentCode) +
    ser('numeroDocumentoFiscal', data.number) +
    ser('puntoFacturacionFiscal', data.emissionPointCode) +
    (serialDispositivo ? ser('serialDispositivo', serialDispositivo) : '') +
    ser('tipoDocumento', data.documentType) +
    ser('tipoEmision', data.emissionType) +
    '</tem:datosDocumento>'
  )
}

/** Thrown when a stored body is not a documento Facturo built. */
export class DocumentoBodyError extends Error {}

/**
 * Enviar: tokens, then the stored `<tem:documento>` exactly as built and
 * signed (its own namespace declarations included).
 */
export function enviarRequest(credentials: HkaTokens, documento: string): string {
  const body = documento.trim()
  if (!body.startsWith(DOCUMENTO_OPEN) || !body.endsWith('</tem:documento>')) {
    throw new DocumentoBodyError('the body is not an HKA documento')
  }
  return `${open('Enviar')}${tokens(credentials)}${body}</tem:Enviar>`
}

/** EstadoDocumento, DescargaXML: tokens and datosDocumento. */
export function documentRequest(
  operation: 'EstadoDocumento' | 'DescargaXML',
  credentials: HkaTokens,
  data: DocumentData
): string {
  return `${open(operation)}${tokens(credentials)}${datosDocumento(data)}</tem:${operation}>`
}

/** DescargaPDF: datosDocumento may carry the device serial. */
export function descargaPdfRequest(
  credentials: HkaTokens,
  data: DocumentData,
  serialDispositivo?: string
): string {
  return `${open('DescargaPDF')}${tokens(credentials)}${datosDocumento(data, serialDispositivo)}</tem:DescargaPDF>`
}

/** AnulacionDocumento: the reason comes before datosDocumento. */
export function anulacionRequest(
  credentials: HkaTokens,
  reason: string,
  data: DocumentData
): string {
  return `${open('AnulacionDocumento')}${tokens(credentials)}${tem('motivoAnulacion', reason)}${datosDocumento(data)}</tem:AnulacionDocumento>`
}

/** EnvioCorreo: one address per call, after datosDocumento. */
export function envioCorreoRequest(
  credentials: HkaTokens,
  data: DocumentData,
  email: string
): string {
  return `${open('EnvioCorreo')}${tokens(credentials)}${datosDocumento(data)}${tem('correo', email)}</tem:EnvioCorreo>`
}

/** FoliosRestantes: the tokens alone. */
export function foliosRequest(credentials: HkaTokens): string {
  return `${open('FoliosRestantes')}${tokens(credentials)}</tem:FoliosRestantes>`
}

/** RastreoCorreo names the document by its CUFE, not by datosDocumento. */
export function rastreoRequest(credentials: HkaTokens, cufe: string): string {
  return `${open('RastreoCorreo')}${tokens(credentials)}${tem('cufe', cufe)}</tem:RastreoCorreo>`
}

/** ConsultarRucDV: everything, tokens included, inside consultarRucDVRequest (ApiRest namespace). */
export function consultarRucRequest(
  credentials: HkaTokens,
  taxpayerType: '1' | '2',
  ruc: string
): string {
  return (
    `${open('ConsultarRucDV')}<tem:consultarRucDVRequest>` +
    ser('tokenEmpresa', credentials.tokenEmpresa) +
    ser('tokenPassword', credentials.tokenPassword) +
    ser('tipoRuc', taxpayerType) +
    ser('ruc', ruc) +
    '</tem:consultarRucDVRequest></tem:ConsultarRucDV>'
  )
}
