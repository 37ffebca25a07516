/*
|--------------------------------------------------------------------------
| Panama HKA: reading the replies
|--------------------------------------------------------------------------
|
| Every reply is `<XResponse><XResult>` (X the operation) with its fields in
| Services.Response, some nested (ConsultarRucDV's infoRuc, RastreoCorreo's
| listaRastreo/listTracking). The raw text is parsed here, by local names,
| rather than through the object the `soap` package builds: prefixes differ
| between HKA's examples, nil fields come as `i:nil="true"`, and dates come
| in two forms (ISO with an offset from Enviar; "YYYY-MM-DD hh:mm:ss",
| Panama time, from EstadoDocumento).
|
*/
import { firstChild, parseWellFormed } from '#adapters/core/xml_dom'
import type { AuthorityMessage } from '#adapters/core/types'
import type { HkaOperation } from '#adapters/panama_hka/namespaces'
import { splitMessages } from '#adapters/panama_hka/transport/error_policy'

/** A reply that is not a recognisable HKA answer; the transport makes it E_TAX_TRANSPORT. */
export class HkaReplyError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad_reply' | 'soap_fault'
  ) {
    super(message)
  }
}

/** What every reply carries. */
export interface HkaReply {
  operation: HkaOperation
  /** "200" when HKA did what was asked; anything else is opaque. */
  codigo: string
  resultado: string
  mensaje: string
  /** True for codigo 200. */
  ok: boolean
  /** `mensaje` split into messages (DGI codes, or the HKA-level text). */
  messages: AuthorityMessage[]
  /** Every leaf field of the result, by name (nil fields absent). */
  fields: Record<string, string>
  /** The reply as it came, for the document's history. */
  raw: string
}

export interface EnviarReply extends HkaReply {
  cufe?: string
  /** The DGI verification URL (what the CAFE's QR code encodes). */
  qr?: string
  receivedAt?: Date
  /** nroProtocoloAutorizacion: the DGI's receipt number. */
  protocol?: string
}

export interface EstadoReply extends HkaReply {
  cufe?: string
  /** estatusDocumento as sent, e.g. "Autorizada". */
  status?: string
  /** mensajeDocumento, e.g. "Autorizado el uso de la FE". */
  statusMessage?: string
  issuedAt?: Date
  receivedAt?: Date
}

export interface DescargaReply extends HkaReply {
  /** The file HKA returns (signed XML or CAFE PDF), decoded from Base64. */
  file?: Buffer
}

export interface FoliosReply extends HkaReply {
  licence?: string
  licencePeriod?: { from: string; to: string }
  cycle?: number
  cyclePeriod?: { from: string; to: string }
  cycleTotal?: number
  cycleUsed?: number
  cycleAvailable?: number
  licenceTotal?: number
}

export interface RastreoEntry {
  email: string
  createdAt: string
  status: string
  messageId: string
}

export interface RastreoReply extends HkaReply {
  entries: RastreoEntry[]
}

export interface RucReply extends HkaReply {
  taxpayerType?: string
  ruc?: string
  dv?: string
  legalName?: string
  /** afiliadoFE as HKA writes it (free text). */
  affiliation?: string
}

const XSI_NIL = /^(true|1)$/

function elementChildren(element: Element): Element[] {
  return Array.from(element.childNodes as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1
  )
}

function leafFields(element: Element): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const child of elementChildren(element)) {
    const name = child.localName ?? child.nodeName.replace(/^.*:/, '')
    const nil = child.getAttributeNS?.('http://www.w3.org/2001/XMLSchema-instance', 'nil')
    if (nil && XSI_NIL.test(nil)) continue
    const hasElements = Array.from(child.childNodes as ArrayLike<Node>).some(
      (grandchild) => grandchild.nodeType === 1
    )
    if (!hasElements) fields[name] = (child.textContent ?? '').trim()
  }
  return fields
}

/** The `<XResult>` element of a reply, or an HkaReplyError (SOAP fault, wrong shape). */
function resultOf(raw: string, operation: HkaOperation): Element {
  const parsed = parseWellFormed(raw)
  if (!parsed.document) throw new HkaReplyError(`not XML: ${parsed.error}`, 'bad_reply')
  const envelope = parsed.document.documentElement
  const body = firstChild(envelope, 'Body')
  if (!body) throw new HkaReplyError('no SOAP Body', 'bad_reply')
  const fault = firstChild(body, 'Fault')
  if (fault) {
    const reason = (firstChild(fault, 'faultstring')?.textContent ?? fault.textContent ?? '')
      .trim()
      .slice(0, 300)
    throw new HkaReplyError(`SOAP fault: ${reason}`, 'soap_fault')
  }
  const response = firstChild(body, `${operation}Response`)
  const result = response && firstChild(response, `${operation}Result`)
  if (!result) throw new HkaReplyError(`no ${operation}Response/${operation}Result`, 'bad_reply')
  return result
}

function base(raw: string, operation: HkaOperation, result: Element): HkaReply {
  const fields = leafFields(result)
  const codigo = fields.codigo ?? ''
  const mensaje = fields.mensaje ?? ''
  if (codigo === '') throw new HkaReplyError(`${operation}: no codigo`, 'bad_reply')
  return {
    operation,
    codigo,
    resultado: fields.resultado ?? '',
    mensaje,
    ok: codigo === '200',
    messages: splitMessages(codigo, mensaje),
    fields,
    raw,
  }
}

/** Parses any reply into its common fields. */
export function parseReply(raw: string, operation: HkaOperation): HkaReply {
  return base(raw, operation, resultOf(raw, operation))
}

/** fechaRecepcionDGI: ISO 8601 with an offset (or Z). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/
/** EstadoDocumento's dates: "YYYY-MM-DD hh:mm:ss", Panama time, no zone. */
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2})?)$/

/** Reads either date form HKA sends; undefined when it is neither. */
export function parseHkaDate(value: string | undefined): Date | undefined {
  const text = (value ?? '').trim()
  let date: Date | undefined
  if (ISO.test(text)) date = new Date(text)
  else {
    const match = LOCAL.exec(text)
    // Panama is UTC−5 all year.
    if (match)
      date = new Date(`${match[1]}T${match[2].length === 5 ? `${match[2]}:00` : match[2]}-05:00`)
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}

const number = (value: string | undefined) => {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value)
}

/** "YYYY-MM-DD / YYYY-MM-DD" (fechaLicencia, fechaCiclo). */
function period(value: string | undefined) {
  const match = /^\s*(\d{4}-\d{2}-\d{2})\s*\/\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(value ?? '')
  return match ? { from: match[1], to: match[2] } : undefined
}

export function parseEnviarReply(raw: string): EnviarReply {
  const reply = parseReply(raw, 'Enviar')
  const { fields } = reply
  return {
    ...reply,
    cufe: fields.cufe || undefined,
    qr: fields.qr || undefined,
    receivedAt: parseHkaDate(fields.fechaRecepcionDGI),
    protocol: fields.nroProtocoloAutorizacion || undefined,
  }
}

export function parseEstadoReply(raw: string): EstadoReply {
  const reply = parseReply(raw, 'EstadoDocumento')
  const { fields } = reply
  return {
    ...reply,
    cufe: fields.cufe || undefined,
    status: fields.estatusDocumento || undefined,
    statusMessage: fields.mensajeDocumento || undefined,
    issuedAt: parseHkaDate(fields.fechaEmisionDocumento),
    receivedAt: parseHkaDate(fields.fechaRecepcionDocumento),
  }
}

export function parseDescargaReply(
  raw: string,
  operation: 'DescargaXML' | 'DescargaPDF'
): DescargaReply {
  const reply = parseReply(raw, operation)
  const encoded = (reply.fields.documento ?? '').replace(/\s+/g, '')
  if (!reply.ok || encoded === '') return reply
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new HkaReplyError(`${operation}: documento is not Base64`, 'bad_reply')
  }
  return { ...reply, file: Buffer.from(encoded, 'base64') }
}

export function parseFoliosReply(raw: string): FoliosReply {
  const reply = parseReply(raw, 'FoliosRestantes')
  const { fields } = reply
  return {
    ...reply,
    licence: fields.licencia || undefined,
    licencePeriod: period(fields.fechaLicencia),
    cycle: number(fields.ciclo),
    cyclePeriod: period(fields.fechaCiclo),
    cycleTotal: number(fields.foliosTotalesCiclo),
    cycleUsed: number(fields.foliosUtilizadosCiclo),
    // The XML example spells it without the s; the wiki's table with it.
    cycleAvailable: number(fields.foliosDisponibleCiclo ?? fields.foliosDisponiblesCiclo),
    licenceTotal: number(fields.foliosTotales),
  }
}

export function parseRastreoReply(raw: string): RastreoReply {
  const result = resultOf(raw, 'RastreoCorreo')
  const reply = base(raw, 'RastreoCorreo', result)
  const list = firstChild(result, 'listaRastreo')
  const entries = (list ? elementChildren(list) : []).map((entry) => {
    const fields = leafFields(entry)
    return {
      email: fields.correo ?? '',
      createdAt: fields.creado_en ?? '',
      status: fields.estado ?? '',
      messageId: fields.messageId ?? '',
    }
  })
  return { ...reply, entries }
}

export function parseRucReply(raw: string): RucReply {
  const result = resultOf(raw, 'ConsultarRucDV')
  const reply = base(raw, 'ConsultarRucDV', result)
  const info = firstChild(result, 'infoRuc')
  const fields = info ? leafFields(info) : {}
  return {
    ...reply,
    taxpayerType: fields.tipoRuc || undefined,
    ruc: fields.ruc || undefined,
    dv: fields.dv || undefined,
    legalName: fields.razonSocial || undefined,
    affiliation: fields.afiliadoFE || undefined,
  }
}
