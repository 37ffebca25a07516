/*
|--------------------------------------------------------------------------
| Panama HKA: Facturo's document → HKA's `documento`
|--------------------------------------------------------------------------
|
| The `documento` of Enviar (hka/01_documentos_fel/02_metodo_enviar.md and
| the examples in hka/03_documentos_fiscales/), element for element, in the
| order of HKA's examples and Postman collection (WCF reads a data contract
| in order). Optional elements that do not apply are left out, never sent
| empty. Pure: no clock, no randomness; `fechaEmision` carries the issue
| date at midnight until the sign step stamps the time (see
| `stampEmissionTime`).
|
| What Facturo sends, and why:
| - tipoDocumento 01 (factura de operación interna) for invoices; a credit
|   note is 04 (referente a una FE) when it knows the invoice's CUFE, else
|   06 (genérica), per §6 of panama-hka.md;
| - tipoEmision 01 (autorización previa, operación normal), naturaleza 01
|   (venta), tipoOperacion 1, destino 1 (Panamá), envioContenedor 1,
|   procesoGeneracion 1: a domestic sale by the company's own system;
| - the company's settings choose tipoSucursal, formatoCAFE, entregaCAFE and
|   tipoVenta (left out unless set, as in HKA's Postman request);
| - line discounts go per unit in precioUnitarioDescuento; totalDescuento
|   (global discounts) is 0.00.
|
*/
import type { Buyer, Payment, TaxDocument } from '#adapters/core/types'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import {
  type ComputedDocumento,
  type ComputedItem,
  Dec,
  fine,
  money,
} from '#adapters/panama_hka/documento/amounts'
import { group, leaf, type XmlNode } from '#adapters/panama_hka/documento/xml'
import { PANAMA_PAYMENT_METHODS, findCode } from '#adapters/panama_hka/tax_codes'

/** Panama's clock for HKA dates: UTC−5 all year, no daylight saving. */
export const PANAMA_OFFSET = '-05:00'

/** tipoEmision 01: prior authorization, normal operation (the only one Facturo uses). */
export const EMISSION_TYPE_NORMAL = '01'

/** Per-company choices that shape the documento (IssuerContext.settings). */
export interface HkaDocumentSettings {
  /** tipoSucursal: 1 mostly retail, 2 mostly wholesale. */
  branchType: '1' | '2'
  /** formatoCAFE: 1 none, 2 paper roll, 3 letter-size paper. */
  cafeFormat: '1' | '2' | '3'
  /** entregaCAFE: 1 none, 2 handed on paper, 3 sent electronically. */
  cafeDelivery: '1' | '2' | '3'
  /** tipoVenta: 1 business sale, 2 fixed asset, 3 real estate, 4 service; absent = left out. */
  saleType?: '1' | '2' | '3' | '4'
}

export const DEFAULT_DOCUMENT_SETTINGS: HkaDocumentSettings = {
  branchType: '1',
  // Facturo sends the CAFE by e-mail as a letter-size PDF.
  cafeFormat: '3',
  cafeDelivery: '3',
}

const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined

/** The company's documento settings, unknown values ignored (validate() reports them). */
export function documentSettingsFrom(settings: Record<string, unknown> | undefined) {
  const source = settings ?? {}
  return {
    branchType:
      pick(source.branchType, ['1', '2'] as const) ?? DEFAULT_DOCUMENT_SETTINGS.branchType,
    cafeFormat:
      pick(source.cafeFormat, ['1', '2', '3'] as const) ?? DEFAULT_DOCUMENT_SETTINGS.cafeFormat,
    cafeDelivery:
      pick(source.cafeDelivery, ['1', '2', '3'] as const) ?? DEFAULT_DOCUMENT_SETTINGS.cafeDelivery,
    saleType: pick(source.saleType, ['1', '2', '3', '4'] as const),
  } satisfies HkaDocumentSettings
}

/** tipoDocumento of a Facturo document. */
export function hkaDocumentType(doc: Pick<TaxDocument, 'type' | 'reference'>): string {
  if (doc.type === 'invoice') return '01'
  return isValidCufe(doc.reference?.authorityKey) ? '04' : '06'
}

/** numeroDocumentoFiscal: N(10), zero-padded. */
export function fiscalNumber(sequential: string | number): string {
  return String(sequential).trim().padStart(10, '0')
}

/** An HKA date-time on a Panama calendar date ("2022-08-03T00:00:00-05:00"). */
export function hkaDateTime(date: string, time = '00:00:00'): string {
  return `${date}T${time}${PANAMA_OFFSET}`
}

/** Trims and squeezes what people typed; empty becomes undefined. */
export function clean(value: string | undefined | null): string | undefined {
  const text = (value ?? '').replace(/\s+/g, ' ').trim()
  return text === '' ? undefined : text
}

/** "name: value" pairs on lines (informacionInteres, infoItem). */
function namedText(entries: Array<{ name: string; value: string }> | undefined) {
  const lines = (entries ?? [])
    .map((entry) => {
      const name = clean(entry.name)
      const value = clean(entry.value)
      if (!value) return undefined
      return name ? `${name}: ${value}` : value
    })
    .filter((line): line is string => line !== undefined)
  return lines.length > 0 ? lines.join('\n') : undefined
}

/*
|--------------------------------------------------------------------------
| cliente
|--------------------------------------------------------------------------
*/

/** telefono formats HKA accepts: 999-9999, 9999-9999, 999999-999-9999, 999999-9999-9999. */
const PHONE = /^(\d{3,4}-\d{4}|\d{6}-\d{3,4}-\d{4})$/

/**
 * A phone as HKA wants it, or undefined when it cannot be written so:
 * Panama's +507 prefix and spaces are dropped, and a bare 7- or 8-digit
 * number gets its hyphen.
 */
export function hkaPhone(value: string | undefined | null): string | undefined {
  let text = (value ?? '').replace(/[\s().]/g, '').replace(/^(\+|00)507-?/, '')
  if (/^\d{7,8}$/.test(text)) text = `${text.slice(0, -4)}-${text.slice(-4)}`
  return PHONE.test(text) ? text : undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** correoElectronico1..3: the buyer's first three valid addresses of at most 50 characters. */
export function hkaEmails(value: string | undefined | null): string[] {
  return (value ?? '')
    .split(/[,;\s]+/)
    .map((email) => email.trim())
    .filter((email) => email.length > 0 && email.length <= 50 && EMAIL.test(email))
    .slice(0, 3)
}

/** direccion is AN|5..100. */
export const ADDRESS_LENGTH = { min: 5, max: 100 } as const
/** razonSocial is AN|2..200. */
export const NAME_LENGTH = { min: 2, max: 200 } as const

function within(value: string | undefined, range: { min: number; max: number }) {
  return value !== undefined && value.length >= range.min && value.length <= range.max
    ? value
    : undefined
}

function contact(buyer: Buyer): Array<XmlNode | undefined> {
  const emails = hkaEmails(buyer.email)
  return [
    leaf('telefono1', hkaPhone(buyer.phone)),
    leaf('correoElectronico1', emails[0]),
    leaf('correoElectronico2', emails[1]),
    leaf('correoElectronico3', emails[2]),
  ]
}

/**
 * The `cliente` node (§1.4). The rules per tipoClienteFE:
 * - 01 contribuyente / 03 gobierno: tipoContribuyente, RUC, DV, razón
 *   social and dirección;
 * - 02 consumidor final: only the type and país are needed; a cédula, the
 *   name and the address go when known;
 * - 04 extranjero: never tipoContribuyente, RUC, DV or ubicación (HKA
 *   answers 201 when they are there): tipoIdentificacion,
 *   nroIdentificacionExtranjero and, for passports, paisExtranjero.
 * The operation happens in Panama (destinoOperacion 1), so país is PA.
 */
export function mapCliente(buyer: Buyer): XmlNode {
  const type = buyer.identificationType.trim()
  const name = within(clean(buyer.name), NAME_LENGTH)
  const address = within(clean(buyer.address), ADDRESS_LENGTH)
  const number = clean(buyer.identification)

  if (type === '04') {
    const foreignType = clean(buyer.foreignIdType)
    return group('cliente', [
      leaf('tipoClienteFE', type),
      leaf('razonSocial', name),
      leaf('tipoIdentificacion', foreignType),
      leaf('nroIdentificacionExtranjero', number),
      // "Solo si nroIdentificacionExtranjero es pasaporte".
      leaf('paisExtranjero', foreignType === '01' ? clean(buyer.foreignCountry) : undefined),
      ...contact(buyer),
      leaf('pais', 'PA'),
    ])!
  }

  const withRuc = type !== '02' || number !== undefined
  return group('cliente', [
    leaf('tipoClienteFE', type),
    // A consumidor final with a cédula is a natural person: a juridical RUC
    // cannot be a consumidor final (validate() refuses it).
    leaf(
      'tipoContribuyente',
      withRuc ? (clean(buyer.taxpayerType) ?? (type === '02' ? '1' : undefined)) : undefined
    ),
    leaf('numeroRUC', withRuc ? number : undefined),
    leaf('digitoVerificadorRUC', withRuc ? clean(buyer.checkDigits) : undefined),
    leaf('razonSocial', name),
    leaf('direccion', address),
    ...contact(buyer),
    leaf('pais', 'PA'),
  ])!
}

/*
|--------------------------------------------------------------------------
| items
|--------------------------------------------------------------------------
*/

/**
 * CPBS (Codificación Panameña de Bienes y Servicios), needed on every item
 * sold to the government (tipoClienteFE 03). Facturo's lines carry it as an
 * additional detail named "CPBS" with the 4-digit code ("7210"); the first
 * two digits are the segment (codigoCPBSAbrev), as in HKA's example.
 */
export function cpbsOf(item: Pick<ComputedItem, 'line'>): string | undefined {
  const detail = item.line.additionalDetails?.find(
    (entry) => entry.name.trim().toUpperCase() === 'CPBS'
  )
  return clean(detail?.value)
}

function mapItem(item: ComputedItem, government: boolean): XmlNode {
  const { line } = item
  const cpbs = government ? cpbsOf(item) : undefined
  const details = line.additionalDetails?.filter(
    (entry) => entry.name.trim().toUpperCase() !== 'CPBS'
  )
  return group('item', [
    leaf('descripcion', clean(line.description)),
    leaf('codigo', clean(line.code)),
    leaf('unidadMedida', clean(line.unit)),
    leaf('cantidad', fine(item.quantity)),
    leaf('codigoCPBSAbrev', cpbs?.slice(0, 2)),
    leaf('codigoCPBS', cpbs),
    leaf('unidadMedidaCPBS', cpbs ? (clean(line.unit) ?? 'und') : undefined),
    leaf('infoItem', namedText(details)),
    leaf('precioUnitario', fine(item.unitPrice)),
    leaf('precioUnitarioDescuento', fine(item.unitDiscount)),
    leaf('precioItem', fine(item.price)),
    leaf('valorTotal', fine(item.total)),
    leaf('tasaITBMS', item.rateCode),
    leaf('valorITBMS', fine(item.tax)),
  ])!
}

/*
|--------------------------------------------------------------------------
| totalesSubTotales
|--------------------------------------------------------------------------
*/

/** descFormaPago is mandatory (10..100 characters) for formaPagoFact 99. */
const OTHER_PAYMENT_DESCRIPTION = 'Otra forma de pago'

/** Credit (formaPagoFact 01) or anything with a term is paid later. */
export function isDeferred(payment: Payment): boolean {
  return payment.method === '01' || (payment.term ?? 0) > 0
}

/** Days a credit payment without a term is due in. */
export const DEFAULT_CREDIT_DAYS = 30

/** The due date of a deferred payment: the term in days (or months) after the issue date. */
export function dueDate(issueDate: string, payment: Payment): string {
  const term = payment.term && payment.term > 0 ? payment.term : DEFAULT_CREDIT_DAYS
  const [year, month, day] = issueDate.split('-').map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  if (payment.term && /^mes/i.test(payment.termUnit ?? '')) {
    date.setUTCMonth(date.getUTCMonth() + term)
  } else {
    date.setUTCDate(date.getUTCDate() + term)
  }
  return date.toISOString().slice(0, 10)
}

/** tiempoPago: 1 inmediato, 2 plazo, 3 mixto. */
export function paymentTime(payments: Payment[]): '1' | '2' | '3' {
  const deferred = payments.filter(isDeferred).length
  if (deferred === 0) return '1'
  return deferred === payments.length ? '2' : '3'
}

/**
 * What a document states as paid. A credit note has no payments in
 * Facturo; HKA's credit-note examples state the total as formaPago 02, and
 * Facturo does the same.
 */
export function documentPayments(doc: TaxDocument, computed: ComputedDocumento): Payment[] {
  if (doc.type === 'invoice' && doc.payments && doc.payments.length > 0) return doc.payments
  return [{ method: '02', amount: money(computed.total) }]
}

function mapTotals(doc: TaxDocument, computed: ComputedDocumento): XmlNode {
  const payments = documentPayments(doc, computed)
  const received = payments.reduce((sum, payment) => sum.plus(payment.amount), new Dec(0))
  const change = received.minus(computed.total)
  const deferred = payments.filter(isDeferred)
  return group('totalesSubTotales', [
    leaf('totalPrecioNeto', money(computed.net)),
    leaf('totalITBMS', money(computed.itbms)),
    leaf('totalMontoGravado', money(computed.taxed)),
    leaf('totalDescuento', money(computed.globalDiscount)),
    leaf('totalFactura', money(computed.total)),
    leaf('totalValorRecibido', money(received)),
    // "No informar si no existe vuelto".
    leaf('vuelto', change.gt(0) ? money(change) : undefined),
    leaf('tiempoPago', paymentTime(payments)),
    leaf('nroItems', String(computed.items.length)),
    leaf('totalTodosItems', money(computed.allItems)),
    group(
      'listaFormaPago',
      payments.map((payment) =>
        group('formaPago', [
          leaf('formaPagoFact', payment.method),
          leaf(
            'descFormaPago',
            findCode(PANAMA_PAYMENT_METHODS, payment.method)?.requiresDescription
              ? OTHER_PAYMENT_DESCRIPTION
              : undefined
          ),
          leaf('valorCuotaPagada', money(new Dec(payment.amount))),
        ])
      )
    ),
    group(
      'listaPagoPlazo',
      deferred.map((payment) =>
        group('pagoPlazo', [
          leaf('fechaVenceCuota', hkaDateTime(dueDate(doc.issueDate, payment))),
          leaf('valorCuota', money(new Dec(payment.amount))),
        ])
      )
    ),
  ])!
}

/*
|--------------------------------------------------------------------------
| documento
|--------------------------------------------------------------------------
*/

/** informacionInteres (up to 5000 characters): a credit note's reason, then the additional information. */
export function interestInformation(doc: TaxDocument, max = 5000): string | undefined {
  const reason = doc.type === 'credit_note' ? clean(doc.reference?.reason) : undefined
  const parts = [reason ? `Motivo: ${reason}` : undefined, namedText(doc.additionalInfo)]
  const text = parts.filter(Boolean).join('\n')
  return text === '' ? undefined : text.slice(0, max)
}

/** The documento's children, in HKA's order. */
export function mapDocumento(
  doc: TaxDocument,
  computed: ComputedDocumento,
  settings: HkaDocumentSettings = DEFAULT_DOCUMENT_SETTINGS
): XmlNode[] {
  const documentType = hkaDocumentType(doc)
  const reference = doc.reference
  const government = doc.buyer.identificationType.trim() === '03'
  const datosTransaccion = group('datosTransaccion', [
    leaf('tipoEmision', EMISSION_TYPE_NORMAL),
    leaf('tipoDocumento', documentType),
    leaf('numeroDocumentoFiscal', fiscalNumber(doc.sequential)),
    leaf('puntoFacturacionFiscal', doc.issuer.emissionPointCode),
    leaf('fechaEmision', hkaDateTime(doc.issueDate)),
    leaf('naturalezaOperacion', '01'),
    leaf('tipoOperacion', '1'),
    leaf('destinoOperacion', '1'),
    leaf('formatoCAFE', settings.cafeFormat),
    leaf('entregaCAFE', settings.cafeDelivery),
    leaf('envioContenedor', '1'),
    leaf('procesoGeneracion', '1'),
    leaf('tipoVenta', doc.type === 'invoice' ? settings.saleType : undefined),
    leaf('informacionInteres', interestInformation(doc)),
    mapCliente(doc.buyer),
    // Inside datosTransaccion, after cliente (HKA's credit-note example).
    documentType === '04' && reference
      ? group('listaDocsFiscalReferenciados', [
          group('docFiscalReferenciado', [
            leaf('fechaEmisionDocFiscalReferenciado', hkaDateTime(reference.issueDate)),
            leaf('cufeFEReferenciada', reference.authorityKey),
          ]),
        ])
      : undefined,
  ])
  return [
    leaf('codigoSucursalEmisor', doc.issuer.establishmentCode),
    leaf('tipoSucursal', settings.branchType),
    datosTransaccion,
    group(
      'listaItems',
      computed.items.map((item) => mapItem(item, government))
    ),
    mapTotals(doc, computed),
  ].filter((node): node is XmlNode => node !== undefined)
}

/*
|--------------------------------------------------------------------------
| The emission time
|--------------------------------------------------------------------------
*/

/** Panama's calendar date and wall-clock time at an instant (UTC−5, no daylight saving). */
export function panamaWallClock(at: Date): { date: string; time: string } {
  const local = new Date(at.getTime() - 5 * 3600_000).toISOString()
  return { date: local.slice(0, 10), time: local.slice(11, 19) }
}

const EMISSION_DATE =
  /(<ser:fechaEmision>)(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}-05:00(<\/ser:fechaEmision>)/

/**
 * Writes the instant of issuing into `fechaEmision`. Facturo keeps an issue
 * date without a time, and the build step is pure, so the documento leaves
 * it at midnight; the sign step (the last moment before the bytes are
 * frozen) puts the real Panama time there, kept within the issue date.
 * HKA's examples all carry a time of day, and the DGI refuses documents
 * whose fechaEmision is too far from their reception (DGI 1508, "tiempo
 * excesivo", panama-hka.md §1.5).
 */
export function stampEmissionTime(body: string, at: Date): string {
  const now = panamaWallClock(at)
  return body.replace(EMISSION_DATE, (_whole, open: string, date: string, close: string) => {
    const time = now.date === date ? now.time : now.date > date ? '23:59:59' : '00:00:00'
    return `${open}${hkaDateTime(date, time)}${close}`
  })
}
