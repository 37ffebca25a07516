/*
|--------------------------------------------------------------------------
| Nota de crédito (codDoc 04), version 1.1.0
|--------------------------------------------------------------------------
|
| Differences from the factura (NotaCredito_V1.1.0.xsd): the buyer block
| comes before contribuyenteEspecial/obligadoContabilidad; the modified
| document (codDocModificado, numDocModificado ddd-ddd-ddddddddd,
| fechaEmisionDocSustento) and valorModificacion (total credited, taxes
| included) are required; totalConImpuestos comes after moneda and has no
| tarifa; motivo closes infoNotaCredito; lines use codigoInterno /
| codigoAdicional; there is no pagos block and no propina.
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
import { money, type ComputedDocument } from '#adapters/ecuador_sri/money'
import { DOCUMENT_CODES } from '#adapters/ecuador_sri/tax_codes'

export const CREDIT_NOTE_VERSION = '1.1.0'

export interface CreditNoteBuildInput {
  doc: TaxDocument
  issuer: IssuerContext
  accessKey: string
  computed: ComputedDocument
}

/** The notaCredito XML, declaration included. `doc.reference` must be present (validated before). */
export function buildCreditNoteXml({
  doc,
  issuer,
  accessKey,
  computed,
}: CreditNoteBuildInput): string {
  const identity = issuer.identity
  const reference = doc.reference
  if (!reference) throw new Error('A credit note needs the document it modifies (reference)')

  const xml = new CanonicalXmlWriter()
  xml.open('notaCredito', { id: 'comprobante', version: CREDIT_NOTE_VERSION })
  writeInfoTributaria(xml, doc, issuer, accessKey)

  xml.open('infoNotaCredito')
  xml.leaf('fechaEmision', sriDate(doc.issueDate))
  xml.leaf('dirEstablecimiento', clean(doc.issuer.establishmentAddress))
  xml.leaf('tipoIdentificacionComprador', doc.buyer.identificationType)
  xml.leaf('razonSocialComprador', clean(doc.buyer.name))
  xml.leaf('identificacionComprador', clean(doc.buyer.identification))
  xml.leaf('contribuyenteEspecial', clean(identity.specialTaxpayerResolution))
  if (identity.accountingObligated !== undefined) {
    xml.leaf('obligadoContabilidad', identity.accountingObligated ? 'SI' : 'NO')
  }
  xml.leaf('codDocModificado', DOCUMENT_CODES[reference.documentType])
  xml.leaf('numDocModificado', reference.number)
  xml.leaf('fechaEmisionDocSustento', sriDate(reference.issueDate))
  xml.leaf('totalSinImpuestos', money(computed.subtotal))
  xml.leaf('valorModificacion', money(computed.total))
  xml.leaf('moneda', currencyName(doc.currency))
  writeTotalTaxes(xml, computed.groups)
  xml.leaf('motivo', clean(reference.reason))
  xml.close()

  xml.open('detalles')
  for (const line of computed.lines) {
    writeDetail(xml, line, { code: 'codigoInterno', auxiliary: 'codigoAdicional', unit: false })
  }
  xml.close()

  writeNamedValues(xml, 'infoAdicional', 'campoAdicional', additionalInfo(doc), 'text')
  xml.close()
  return XML_DECLARATION + xml.toString()
}
