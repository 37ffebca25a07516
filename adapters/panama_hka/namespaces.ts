/*
|--------------------------------------------------------------------------
| Panama HKA: XML namespaces and operations
|--------------------------------------------------------------------------
|
| HKA's integration service is a WCF service (SOAP 1.1). The operation
| elements live in `http://tempuri.org/`; the children of the objects they
| take live in a data-contract namespace that depends on the method, as
| HKA's demo Postman collection shows (panama-hka.md §1.2):
|
|   Enviar                                   Services.ObjComprobante.v1_0
|   EstadoDocumento, AnulacionDocumento,
|   DescargaXML, DescargaPDF, EnvioCorreo    Services.Model
|   ConsultarRucDV                           Services.ApiRest
|   FoliosRestantes, RastreoCorreo           none (tempuri only)
|
| Replies wrap their fields in `<XResponse><XResult>` with the fields in
| Services.Response.
|
*/

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/'
export const TEMPURI_NS = 'http://tempuri.org/'
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'

const DATA_CONTRACT = 'http://schemas.datacontract.org/2004/07'
export const COMPROBANTE_NS = `${DATA_CONTRACT}/Services.ObjComprobante.v1_0`
export const MODEL_NS = `${DATA_CONTRACT}/Services.Model`
export const API_REST_NS = `${DATA_CONTRACT}/Services.ApiRest`
export const RESPONSE_NS = `${DATA_CONTRACT}/Services.Response`

/** The nine operations of the integration service, by their SOAP names. */
export const HKA_OPERATIONS = [
  'Enviar',
  'EstadoDocumento',
  'AnulacionDocumento',
  'DescargaXML',
  'DescargaPDF',
  'FoliosRestantes',
  'EnvioCorreo',
  'RastreoCorreo',
  'ConsultarRucDV',
] as const

export type HkaOperation = (typeof HKA_OPERATIONS)[number]

/** The `ser:` namespace of each operation's child objects; null when it has none. */
export const OPERATION_CHILD_NS: Record<HkaOperation, string | null> = {
  Enviar: COMPROBANTE_NS,
  EstadoDocumento: MODEL_NS,
  AnulacionDocumento: MODEL_NS,
  DescargaXML: MODEL_NS,
  DescargaPDF: MODEL_NS,
  EnvioCorreo: MODEL_NS,
  ConsultarRucDV: API_REST_NS,
  FoliosRestantes: null,
  RastreoCorreo: null,
}

/** SOAPAction header of an operation ("http://tempuri.org/IService/Enviar"). */
export function soapActionOf(operation: HkaOperation): string {
  return `${TEMPURI_NS}IService/${operation}`
}
