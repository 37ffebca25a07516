/*
|--------------------------------------------------------------------------
| SRI reply parsing
|--------------------------------------------------------------------------
|
| Turns the raw SOAP replies of recepción (validarComprobante) and
| autorización (autorizacionComprobante) into the contract's results.
|
| The raw reply text is parsed here rather than the object the `soap`
| package builds, because that object loses what Facturo must archive:
| - the `comprobante` CDATA starts with an XML declaration, and node-soap
|   replaces such CDATA with a parsed object, so the authorized XML would be
|   gone;
| - `fechaAutorizacion` is typed xs:dateTime, and node-soap runs it through
|   `new Date()`, which misreads SRI's older "dd/MM/yyyy HH:mm:ss" form
|   (03/04/2024 becomes 4 March) or yields Invalid Date.
|
*/
import { XMLSerializer } from '@xmldom/xmldom'
import { DateTime, FixedOffsetZone } from 'luxon'
import type { AuthorityMessage, StatusResult, SubmitResult } from '#adapters/core/types'
import { childElements, childText, firstChild, parseXml } from '#adapters/core/xml_dom'

/**
 * Ecuador mainland time, SRI's clock: UTC−5 all year (no daylight saving),
 * so a fixed offset is exact and much cheaper than an IANA zone lookup.
 */
export const SRI_TIME_ZONE = FixedOffsetZone.instance(-5 * 60)

/** ISO-8601 with an explicit offset or Z: the native parser reads it exactly. */
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/** Thrown when a reply is not a recognizable SRI answer; the transport maps it to E_TAX_TRANSPORT. */
export class SriReplyError extends Error {
  readonly kind = 'bad_reply' as const
}

export interface SriSubmitResult extends SubmitResult {
  /** Claves the reply talks about (DEVUELTA names the returned comprobantes). */
  accessKeys: string[]
}

/** One `autorizacion` entry as SRI sent it. */
export interface SriAuthorizationEntry {
  /** AUTORIZADO, NO AUTORIZADO, EN PROCESO (as sent, upper-cased). */
  state: string
  authorizationNumber?: string
  /** The date text exactly as sent. */
  authorizedAtText?: string
  authorizedAt?: Date
  /** PRUEBAS or PRODUCCIÓN. */
  environment?: string
  /** The signed comprobante SRI returns (usually CDATA). */
  document?: string
  /** AUTORIZADO entries: the `<autorizacion>` element as SRI sent it, as an XML document. */
  record?: string
  messages: AuthorityMessage[]
}

export interface SriStatusResult extends StatusResult {
  /** The clave SRI says it looked up. */
  accessKey?: string
  /** `numeroComprobantes` as sent (0 means SRI does not know the clave). */
  documentCount?: number
  /** PRUEBAS or PRODUCCIÓN, from the chosen entry. */
  environment?: string
  /** Every entry, in reply order; the result fields come from the chosen one. */
  entries: SriAuthorizationEntry[]
}

/*
|--------------------------------------------------------------------------
| Dates
|--------------------------------------------------------------------------
*/

/** dd/MM/yyyy HH:mm[:ss]: the format of the older SRI web services, still seen in replies. */
const LEGACY_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/

/**
 * Parses `fechaAutorizacion`. SRI sends ISO-8601 with offset
 * ("2024-03-04T10:20:11-05:00", sometimes with milliseconds) and, from older
 * deployments, "04/03/2024 10:20:11" (day first, Ecuador local time). Text
 * without an offset is read as Ecuador time. Returns undefined when the text
 * is neither.
 */
export function parseSriDate(text: string | undefined | null): Date | undefined {
  const value = (text ?? '').trim()
  if (!value) return undefined

  const legacy = LEGACY_DATE.exec(value)
  if (legacy) {
    const [, day, month, year, hour, minute, second] = legacy
    const parsed = DateTime.fromObject(
      {
        year: Number(year),
        month: Number(month),
        day: Number(day),
        hour: Number(hour),
        minute: Number(minute),
        second: Number(second ?? 0),
      },
      { zone: SRI_TIME_ZONE }
    )
    return parsed.isValid ? parsed.toJSDate() : undefined
  }

  if (ISO_WITH_OFFSET.test(value)) {
    const time = Date.parse(value)
    if (!Number.isNaN(time)) return new Date(time)
  }
  const iso = DateTime.fromISO(value, { zone: SRI_TIME_ZONE })
  return iso.isValid ? iso.toJSDate() : undefined
}

/*
|--------------------------------------------------------------------------
| Messages
|--------------------------------------------------------------------------
*/

function severityOf(tipo: string | undefined): AuthorityMessage['severity'] {
  const normalized = (tipo ?? '').trim().toUpperCase()
  if (normalized === 'ADVERTENCIA') return 'warning'
  if (normalized === 'INFORMATIVO') return 'info'
  return 'error'
}

/** Reads `mensajes/mensaje*` under an element. */
export function parseMessages(parent: Element | undefined): AuthorityMessage[] {
  if (!parent) return []
  const container = firstChild(parent, 'mensajes')
  if (!container) return []
  return childElements(container, 'mensaje').map((element) => {
    const additionalInfo = childText(element, 'informacionAdicional')
    const message: AuthorityMessage = {
      code: childText(element, 'identificador') ?? '',
      text: childText(element, 'mensaje') ?? '',
      severity: severityOf(childText(element, 'tipo')),
    }
    if (additionalInfo) message.additionalInfo = additionalInfo
    return message
  })
}

/*
|--------------------------------------------------------------------------
| Envelope
|--------------------------------------------------------------------------
*/

function replyRoot(raw: string, responseElement: string, answerElement: string): Element {
  const { document, errors } = parseXml(raw)
  if (!document || errors.length > 0) {
    throw new SriReplyError(`SRI reply is not XML: ${errors[0] ?? 'empty'}`)
  }
  const envelope = document.documentElement
  const body = firstChild(envelope, 'Body')
  if (!body) throw new SriReplyError('SRI reply has no SOAP Body')
  if (firstChild(body, 'Fault')) throw new SriReplyError('SRI reply is a SOAP fault')
  const response = firstChild(body, responseElement)
  const answer = response ? firstChild(response, answerElement) : undefined
  if (!answer) throw new SriReplyError(`SRI reply has no ${responseElement}/${answerElement}`)
  return answer
}

/*
|--------------------------------------------------------------------------
| Recepción
|--------------------------------------------------------------------------
*/

/**
 * RECIBIDA → received; DEVUELTA → rejected with the messages of every
 * returned comprobante (43, 45, 70, 35 …: the policy decides what to do).
 */
export function parseReceptionReply(raw: string): SriSubmitResult {
  const answer = replyRoot(raw, 'validarComprobanteResponse', 'RespuestaRecepcionComprobante')
  const state = (childText(answer, 'estado') ?? '').toUpperCase()
  const comprobantes = firstChild(answer, 'comprobantes')
  const returned = comprobantes ? childElements(comprobantes, 'comprobante') : []
  const messages = returned.flatMap((element) => parseMessages(element))
  const accessKeys = returned
    .map((element) => childText(element, 'claveAcceso') ?? '')
    .filter((key) => key !== '')

  if (state === 'RECIBIDA') return { status: 'received', messages, accessKeys, raw }
  if (state === 'DEVUELTA') return { status: 'rejected', messages, accessKeys, raw }
  throw new SriReplyError(`unknown recepción estado "${state}"`)
}

/*
|--------------------------------------------------------------------------
| Autorización
|--------------------------------------------------------------------------
*/

function parseEntry(element: Element): SriAuthorizationEntry {
  const authorizedAtText = childText(element, 'fechaAutorizacion')
  const comprobante = firstChild(element, 'comprobante')
  const entry: SriAuthorizationEntry = {
    state: (childText(element, 'estado') ?? '').toUpperCase(),
    messages: parseMessages(element),
  }
  const number = childText(element, 'numeroAutorizacion')
  if (number) entry.authorizationNumber = number
  if (authorizedAtText) {
    entry.authorizedAtText = authorizedAtText
    entry.authorizedAt = parseSriDate(authorizedAtText)
  }
  const environment = childText(element, 'ambiente')
  if (environment) entry.environment = environment
  // textContent joins CDATA sections and escaped text alike; the bytes inside
  // are kept untouched (not trimmed beyond surrounding whitespace) because
  // they carry the signature.
  const document = comprobante ? (comprobante.textContent ?? '').trim() : ''
  if (document) entry.document = document
  if (entry.state === 'AUTORIZADO') entry.record = authorizationRecord(element)
  return entry
}

/**
 * The `<autorizacion>` element as a document of its own: what SRI's portal
 * hands out as the authorized XML and what buyers archive. Serialized from
 * the reply's own nodes, so the comprobante keeps its CDATA section and its
 * bytes (the signature still verifies); only an XML declaration is added.
 */
export function authorizationRecord(element: Element): string {
  const serialized = new XMLSerializer().serializeToString(element as unknown as Node)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialized}`
}

/**
 * Picks the entry that decides the status. SRI may list several
 * autorizaciones for one clave (a NO AUTORIZADO, then an AUTORIZADO after a
 * corrected resend): an AUTORIZADO always wins; otherwise the newest by
 * fechaAutorizacion, and among equal or missing dates the later one in the
 * reply.
 */
export function pickAuthorization(
  entries: SriAuthorizationEntry[]
): SriAuthorizationEntry | undefined {
  const newest = (candidates: SriAuthorizationEntry[]) => {
    let best: SriAuthorizationEntry | undefined
    for (const entry of candidates) {
      const time = entry.authorizedAt?.getTime() ?? Number.NEGATIVE_INFINITY
      const bestTime = best?.authorizedAt?.getTime() ?? Number.NEGATIVE_INFINITY
      if (!best || time >= bestTime) best = entry
    }
    return best
  }
  const authorized = entries.filter((entry) => entry.state === 'AUTORIZADO')
  return authorized.length > 0 ? newest(authorized) : newest(entries)
}

const STATUS_BY_STATE: Record<string, StatusResult['status']> = {
  'AUTORIZADO': 'authorized',
  'NO AUTORIZADO': 'rejected',
  'EN PROCESO': 'pending',
  'EN PROCESAMIENTO': 'pending',
}

/**
 * AUTORIZADO → authorized (number, date and the authorized XML);
 * NO AUTORIZADO → rejected; EN PROCESO → pending;
 * numeroComprobantes 0 with no entries → unknown (SRI never received it);
 * entries announced but not listed yet → pending.
 */
export function parseAuthorizationReply(raw: string): SriStatusResult {
  const answer = replyRoot(
    raw,
    'autorizacionComprobanteResponse',
    'RespuestaAutorizacionComprobante'
  )
  const accessKey = childText(answer, 'claveAccesoConsultada') || undefined
  const countText = childText(answer, 'numeroComprobantes')
  const documentCount = countText && /^\d+$/.test(countText) ? Number(countText) : undefined
  const container = firstChild(answer, 'autorizaciones')
  const entries = (container ? childElements(container, 'autorizacion') : []).map(parseEntry)

  const base = { accessKey, documentCount, entries, raw }
  if (entries.length === 0) {
    return { ...base, status: documentCount ? 'pending' : 'unknown', messages: [] }
  }

  const chosen = pickAuthorization(entries)!
  const status = STATUS_BY_STATE[chosen.state]
  if (!status) throw new SriReplyError(`unknown autorización estado "${chosen.state}"`)

  const result: SriStatusResult = {
    ...base,
    status,
    messages: chosen.messages,
    environment: chosen.environment,
  }
  if (status === 'authorized') {
    result.authorizationNumber = chosen.authorizationNumber ?? accessKey
    result.authorizedAt = chosen.authorizedAt
    result.authorizedDocument = chosen.document
    result.authorizationRecord = chosen.record
  }
  return result
}
