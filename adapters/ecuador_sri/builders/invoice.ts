/*
|--------------------------------------------------------------------------
| Factura (codDoc 01), versions 2.1.0 and 1.1.0
|--------------------------------------------------------------------------
|
| Elements in the XSD sequence order (SRI rejects out-of-order elements,
| e.g. claveAcceso written last in infoTributaria). Both versions allow 6
| decimals in cantidad/precioUnitario; 2.1.0 only adds blocks Facturo does
| not emit (infoSustitutivaGuiaRemision, otrosRubrosTerceros), so one
| writer serves both. Pure: no clock, no randomness.
|
*/
import type { IssuerContext, TaxDocument } from '#adapters/core/types'
import {
  additionalInfo,
  clean,
  currencyName,
  sriDate,
  writeDetail,
  writeInfoTributaria,
  writeNamedValues,
  writeTotalTaxes,
} from '#adapters/ecuador_sri/builders/common'
import { CanonicalXmlWriter, XML_DECLARATION } from '#adapters/ecuador_sri/builders/xml_writer'
import { Dec, money, type ComputedDocument } from '#adapters/ecuador_sri/money'

export const INVOICE_VERSIONS = ['2.1.0', '1.1.0'] as const
export type InvoiceVersion = (typeof INVOICE_VERSIONS)[number]

export interface InvoiceBuildInput {
  doc: TaxDocument
  issuer: IssuerContext
  accessKey: string
  computed: ComputedDocument
  version: InvoiceVersion
}

/** The factura XML, declaration included. */
export function buildInvoiceXml({
  doc,
  issuer,
  accessKey,
  computed,
  version,
}: InvoiceBuildInput): string {
  const identity = issuer.identity
  const xml = new CanonicalXmlWriter()
  xml.open('factura', { id: 'comprobante', version })
  writeInfoTributaria(xml, doc, issuer, accessKey)

  xml.open('infoFactura')
  xml.leaf('fechaEmision', sriDate(doc.issueDate))
  xml.leaf('dirEstablecimiento', clean(doc.issuer.establishmentAddress))
  xml.leaf('contribuyenteEspecial', clean(identity.specialTaxpayerResolution))
  if (identity.accountingObligated !== undefined) {
    xml.leaf('obligadoContabilidad', identity.accountingObligated ? 'SI' : 'NO')
  }
  xml.leaf('tipoIdentificacionComprador', doc.buyer.identificationType)
  xml.leaf('razonSocialComprador', clean(doc.buyer.name))
  xml.leaf('identificacionComprador', clean(doc.buyer.identification))
  xml.leaf('direccionComprador', clean(doc.buyer.address))
  xml.leaf('totalSinImpuestos', money(computed.subtotal))
  xml.leaf('totalDescuento', money(computed.discount))
  writeTotalTaxes(xml, computed.groups)
  xml.leaf('propina', money(computed.tip))
  xml.leaf('importeTotal', money(computed.total))
  xml.leaf('moneda', currencyName(doc.currency))
  const payments = doc.payments ?? []
  if (payments.length > 0) {
    xml.open('pagos')
    for (const payment of payments) {
      xml.open('pago')
      xml.leaf('formaPago', payment.method)
      xml.leaf('total', money(new Dec(payment.amount)))
      xml.leaf('plazo', payment.term !== undefined ? String(payment.term) : undefined)
      xml.leaf(
        'unidadTiempo',
        payment.term !== undefined ? clean(payment.termUnit ?? 'dias') : undefined
      )
      xml.close()
    }
    xml.close()
  }
  xml.close()

  xml.open('detalles')
  for (const line of computed.lines) {
    writeDetail(xml, line, { code: 'codigoPrincipal', auxiliary: 'codigoAuxiliar', unit: true })
  }
  xml.close()

  writeNamedValues(xml, 'infoAdicional', 'campoAdicional', additionalInfo(doc), 'text')
  xml.close()
  return XML_DECLARATION + xml.toString()
}
