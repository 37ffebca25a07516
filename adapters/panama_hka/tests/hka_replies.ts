/*
 * Replies as HKA's wiki shows them (hka/01_documentos_fel/*), wrapped in the
 * SOAP 1.1 envelope a WCF service sends and with the `a:` namespace the
 * examples use but do not declare. Values are the wiki's.
 */
const RESPONSE_NS = 'http://schemas.datacontract.org/2004/07/Services.Response'

export function envelope(operation: string, fields: string, extra = ''): string {
  return (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
    `<${operation}Response xmlns="http://tempuri.org/">` +
    `<${operation}Result xmlns:a="${RESPONSE_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"${extra}>` +
    fields +
    `</${operation}Result></${operation}Response></s:Body></s:Envelope>`
  )
}

export const ENVIAR_OK = envelope(
  'Enviar',
  '<a:codigo>200</a:codigo><a:resultado>procesado</a:resultado>' +
    '<a:mensaje>El documento se envió correctamente.</a:mensaje>' +
    '<a:cufe>FE0120000155596713-2-2015-5900012019052800055000155650121566749040</a:cufe>' +
    '<a:qr>https://dgi-fep-test.mef.gob.pa:40001/Consultas/FacturasPorQR?chFE=FE0120000155596713-2-2015-5900012019052800055000155650121566749040&amp;iAmb=2&amp;digestValue=abc&amp;jwt=x.y.z</a:qr>' +
    '<a:fechaRecepcionDGI>2019-05-29T13:32:21+00:00</a:fechaRecepcionDGI>' +
    '<a:nroProtocoloAutorizacion>20190000000000179413</a:nroProtocoloAutorizacion>' +
    '<a:fechaLimite i:nil="true"/>'
)

export const ESTADO_OK = envelope(
  'EstadoDocumento',
  '<a:codigo>200</a:codigo><a:mensaje>Se retornan datos del documento.</a:mensaje>' +
    '<a:cufe>FE0120000155596713-2-2015-5900012019052800055000155650121566749040</a:cufe>' +
    '<a:fechaEmisionDocumento>2023-04-10 10:29:09</a:fechaEmisionDocumento>' +
    '<a:fechaRecepcionDocumento>2023-04-10 10:29:07</a:fechaRecepcionDocumento>' +
    '<a:estatusDocumento>Autorizada</a:estatusDocumento>' +
    '<a:mensajeDocumento>Autorizado el uso de la FE</a:mensajeDocumento>' +
    '<a:resultado>procesado</a:resultado>'
)

export const ANULACION_OK = envelope(
  'AnulacionDocumento',
  '<a:codigo>200</a:codigo><a:resultado>procesado</a:resultado>' +
    '<a:mensaje>Proceso de Anulación ejecutado con éxito.</a:mensaje>'
)

export const FOLIOS_OK = envelope(
  'FoliosRestantes',
  '<a:codigo>200</a:codigo><a:mensaje>Se retorna Licencia y Disponibilidad</a:mensaje>' +
    '<a:licencia>URFT-F1E3-VSGY</a:licencia><a:fechaLicencia>2020-08-12 / 2021-08-12</a:fechaLicencia>' +
    '<a:ciclo>2</a:ciclo><a:fechaCiclo>2020-09-12 / 2020-10-12</a:fechaCiclo>' +
    '<a:foliosTotalesCiclo>5000</a:foliosTotalesCiclo><a:foliosUtilizadosCiclo>0</a:foliosUtilizadosCiclo>' +
    '<a:foliosDisponibleCiclo>5000</a:foliosDisponibleCiclo><a:foliosTotales>60000</a:foliosTotales>' +
    '<a:resultado>procesado</a:resultado>'
)

export const DESCARGA_PDF_OK = envelope(
  'DescargaPDF',
  '<a:codigo>200</a:codigo><a:resultado>procesado</a:resultado>' +
    '<a:mensaje>Se retorna el archivo solicitado.</a:mensaje>' +
    `<a:documento>${Buffer.from('%PDF-1.4 CAFE').toString('base64')}</a:documento>`
)

export const RASTREO_OK = envelope(
  'RastreoCorreo',
  '<a:codigo>200</a:codigo><a:mensaje>Se retorna mensaje de la consulta</a:mensaje>' +
    '<a:listaRastreo><b:listTracking><b:correo>cliente@pacifico.test</b:correo>' +
    '<b:creado_en>2024-02-01 10:00:00</b:creado_en><b:estado>delivered</b:estado>' +
    '<b:messageId>m-1</b:messageId></b:listTracking></a:listaRastreo>' +
    '<a:resultado>procesado</a:resultado>',
  ' xmlns:b="http://schemas.datacontract.org/2004/07/Services.Response.Tracking"'
)

export const RUC_OK = envelope(
  'ConsultarRucDV',
  '<a:codigo>200</a:codigo><a:infoRuc><a:tipoRuc>2</a:tipoRuc><a:ruc>155596713-2-2015</a:ruc>' +
    '<a:dv>59</a:dv><a:razonSocial>THE FACTORY HKA CORP</a:razonSocial>' +
    '<a:afiliadoFE>SI</a:afiliadoFE></a:infoRuc><a:mensaje>Consulta exitosa</a:mensaje>' +
    '<a:resultado>Procesado</a:resultado>'
)

/** A DGI refusal: a non-200 codigo and the DGI's reasons in mensaje. */
export const ENVIAR_REFUSED = envelope(
  'Enviar',
  '<a:codigo>100</a:codigo><a:resultado>error</a:resultado>' +
    '<a:mensaje>1513-Número del documento fiscal duplicado | 2007-Item 1: valor del ITBMS incorrecto</a:mensaje>' +
    '<a:cufe i:nil="true"/><a:qr i:nil="true"/>'
)

export const WCF_FAULT =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
  '<faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">a:InternalServiceFault</faultcode>' +
  '<faultstring xml:lang="en-US">Object reference not set to an instance of an object.</faultstring>' +
  '</s:Fault></s:Body></s:Envelope>'
