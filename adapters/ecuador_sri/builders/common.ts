/*
|--------------------------------------------------------------------------
| Pieces shared by the SRI builders
|--------------------------------------------------------------------------
*/
import type { IssuerContext, NamedValue, TaxDocument } from '#adapters/core/types'
import type { CanonicalXmlWriter } from '#adapters/ecuador_sri/builders/xml_writer'
import { parseAccessKey } from '#adapters/ecuador_sri/access_key'
import { fine, money, rate, type ComputedLine, type TaxGroup } from '#adapters/ecuador_sri/money'
import { EMISSION_TYPE_NORMAL, RIMPE_LEGENDS } from '#adapters/ecuador_sri/tax_codes'

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u001f\u007f]| {2}/

/**
 * Text as SRI's schemas accept it: the `[^\n]*` patterns forbid line
 * breaks, and XML 1.0 forbids most control characters. Tabs and breaks
 * become spaces; runs of spaces collapse; ends are trimmed.
 */
export function clean(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined
  let text = String(value)
  // Most values need nothing but a trim; skip the replacements for them.
  if (NEEDS_CLEANING.test(text)) {
    text = text.replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ')
  }
  text = text.trim()
  return text === '' ? undefined : text
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, as fechaEmision wants. */
export function sriDate(localDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate)
  if (!match) throw new Error(`Date must be YYYY-MM-DD, got "${localDate}"`)
  return `${match[3]}/${match[2]}/${match[1]}`
}

/** USD is written "DOLAR", as in SRI's ficha técnica examples. */
export function currencyName(currency: string): string {
  return currency.toUpperCase() === 'USD' ? 'DOLAR' : currency.toUpperCase()
}

export function padSequential(sequential: string | number): string {
  return String(sequential).padStart(9, '0')
}

/** infoTributaria, identical for every comprobante type (XSD order). */
export function writeInfoTributaria(
  xml: CanonicalXmlWriter,
  doc: TaxDocument,
  issuer: IssuerContext,
  accessKey: string
) {
  const key = parseAccessKey(accessKey)
  const identity = issuer.identity
  xml.open('infoTributaria')
  xml.leaf('ambiente', key.environment)
  xml.leaf('tipoEmision', EMISSION_TYPE_NORMAL)
  xml.leaf('razonSocial', clean(identity.legalName))
  xml.leaf('nombreComercial', clean(identity.tradeName))
  xml.leaf('ruc', identity.taxId)
  xml.leaf('claveAcceso', accessKey)
  xml.leaf('codDoc', key.documentCode)
  xml.leaf('estab', doc.issuer.establishmentCode)
  xml.leaf('ptoEmi', doc.issuer.emissionPointCode)
  xml.leaf('secuencial', padSequential(doc.sequential))
  xml.leaf('dirMatriz', clean(identity.headOfficeAddress))
  xml.leaf('agenteRetencion', clean(identity.withholdingAgentResolution))
  xml.leaf(
    'contribuyenteRimpe',
    identity.rimpeRegime ? RIMPE_LEGENDS[identity.rimpeRegime] : undefined
  )
  xml.close()
}

/** One detalle; the code elements are named differently on invoices and credit notes. */
export function writeDetail(
  xml: CanonicalXmlWriter,
  computed: ComputedLine,
  names: { code: string; auxiliary: string; unit: boolean }
) {
  const line = computed.line
  xml.open('detalle')
  xml.leaf(names.code, clean(line.code))
  xml.leaf(names.auxiliary, clean(line.auxiliaryCode))
  xml.leaf('descripcion', clean(line.description))
  if (names.unit) xml.leaf('unidadMedida', clean(line.unit))
  xml.leaf('cantidad', fine(computed.quantity))
  xml.leaf('precioUnitario', fine(computed.unitPrice))
  xml.leaf('descuento', money(computed.discount))
  xml.leaf('precioTotalSinImpuesto', money(computed.total))
  writeNamedValues(xml, 'detallesAdicionales', 'detAdicional', line.additionalDetails, 'attributes')
  xml.open('impuestos')
  for (const tax of computed.taxes) {
    xml.open('impuesto')
    xml.leaf('codigo', tax.codigo)
    xml.leaf('codigoPorcentaje', tax.codigoPorcentaje)
    xml.leaf('tarifa', rate(tax.tarifa))
    xml.leaf('baseImponible', money(tax.base))
    xml.leaf('valor', money(tax.value))
    xml.close()
  }
  xml.close()
  xml.close()
}

/** totalConImpuestos; invoices may carry `tarifa`, credit notes may not (NotaCredito 1.1.0). */
export function writeTotalTaxes(xml: CanonicalXmlWriter, groups: TaxGroup[]) {
  xml.open('totalConImpuestos')
  for (const group of groups) {
    xml.open('totalImpuesto')
    xml.leaf('codigo', group.codigo)
    xml.leaf('codigoPorcentaje', group.codigoPorcentaje)
    xml.leaf('baseImponible', money(group.base))
    xml.leaf('valor', money(group.value))
    xml.close()
  }
  xml.close()
}

/**
 * detallesAdicionales/detAdicional (attributes nombre, valor) or
 * infoAdicional/campoAdicional (attribute nombre, text value). Entries with
 * an empty name or value are skipped: the schema requires both.
 */
export function writeNamedValues(
  xml: CanonicalXmlWriter,
  container: string,
  item: string,
  values: NamedValue[] | undefined,
  style: 'attributes' | 'text'
) {
  const entries = (values ?? [])
    .map((entry) => ({ name: clean(entry.name), value: clean(entry.value) }))
    .filter((entry): entry is { name: string; value: string } => !!entry.name && !!entry.value)
  if (entries.length === 0) return
  xml.open(container)
  for (const entry of entries) {
    if (style === 'attributes') xml.empty(item, { nombre: entry.name, valor: entry.value })
    else xml.leaf(item, entry.value, { nombre: entry.name })
  }
  xml.close()
}

/** Additional information block: the document's entries plus the buyer e-mail, as RIDEs show it. */
export function additionalInfo(doc: TaxDocument): NamedValue[] {
  const entries = [...(doc.additionalInfo ?? [])]
  const email = clean(doc.buyer.email)
  if (email && !entries.some((entry) => /^(e-?mail|correo)/i.test(entry.name))) {
    entries.push({ name: 'Email', value: email })
  }
  const phone = clean(doc.buyer.phone)
  if (phone && !entries.some((entry) => /^(tel|phone)/i.test(entry.name))) {
    entries.push({ name: 'Teléfono', value: phone })
  }
  return entries
}
