/*
|--------------------------------------------------------------------------
| Panama HKA: messages and what Facturo does about them
|--------------------------------------------------------------------------
|
| HKA answers every call with HTTP 200 and three fields: `codigo` ("200"
| when it did what was asked), `resultado` and `mensaje`. HKA's catalogue
| of return codes is a PDF no public copy exists of, and the community
| tables of its codes contradict each other (panama-hka.md §1.5), so a
| `codigo` other than 200 is opaque: Facturo records it as it came and
| never decides anything on its number.
|
| When the DGI itself refuses a document, `mensaje` carries its reasons as
| `NNNN-texto | NNNN-texto` (DGI codes of four digits: 1513 duplicated
| number, 1508 too late, 2007 item errors…); those are split into one
| message each and explained here, in Spanish and English, like SRI's.
|
| Actions (the same vocabulary as every adapter, see MessageAction):
|   lookup  the number is taken: ask EstadoDocumento with the same data
|   fail    final: the user fixes the document and issues a new one
|   retry   later, with backoff, asking the status first
|   ignore  informational (the DGI's success codes)
|
*/
import { TaxConfigError, TaxError, TaxTransportError } from '#adapters/core/errors'
import type { AuthorityMessage, LocalizedText, MessageAction } from '#adapters/core/types'
import {
  transportFailureKind,
  type TransportFailureKind,
  type TransportFailureRule,
} from '#adapters/core/transport_failures'

export interface HkaPolicyRule {
  /** DGI codes (four digits) or Facturo's names for HKA-level situations ("HKA-FOLIOS"). */
  codes: string[]
  action: MessageAction
  title: LocalizedText
  meaning: LocalizedText
  remedy: LocalizedText
  /** `<key>.title`, `.meaning`, `.remedy` in adapters/panama_hka/lang/{es,en}/hka.json. */
  i18nKey: string
}

/** The code of an HKA-level message whose text says the licence has no folios left. */
export const NO_FOLIOS_CODE = 'HKA-FOLIOS'

/** DGI codes HKA relays on success (04_documentos_pac/01_instructivo_servicios_web_pac.md). */
export const DGI_SUCCESS_CODES = ['0260', '0600', '0422'] as const

export const HKA_ERROR_POLICY: readonly HkaPolicyRule[] = [
  {
    codes: ['1513'],
    action: 'lookup',
    title: { es: 'Número de documento duplicado', en: 'Document number already used' },
    meaning: {
      es: 'La DGI ya tiene un documento con este número en esta sucursal y punto de facturación: puede ser un envío anterior cuya respuesta se perdió.',
      en: 'The DGI already holds a document with this number at this branch and invoicing point: it may be an earlier submission whose reply was lost.',
    },
    remedy: {
      es: 'Facturo consulta el estado del documento con los mismos datos (EstadoDocumento) en lugar de reenviarlo.',
      en: 'Facturo asks for the status of the document with the same data (EstadoDocumento) instead of sending it again.',
    },
    i18nKey: 'hka.policy.1513',
  },
  {
    codes: ['1508'],
    action: 'fail',
    title: { es: 'Envío fuera de tiempo', en: 'Sent too late' },
    meaning: {
      es: 'La DGI rechazó el documento por el tiempo transcurrido entre su fecha de emisión y su envío.',
      en: 'The DGI refused the document because of the time elapsed between its issue date and its submission.',
    },
    remedy: {
      es: 'Emita un documento nuevo con la fecha de hoy; si el sistema estuvo fuera de servicio, consulte con su PAC cómo declarar la contingencia.',
      en: "Issue a new document with today's date; if the system was down, ask your PAC how to declare the contingency.",
    },
    i18nKey: 'hka.policy.1508',
  },
  {
    codes: ['2007'],
    action: 'fail',
    title: { es: 'Error en los ítems', en: 'Error in the items' },
    meaning: {
      es: 'La DGI encontró un error en las líneas del documento; el mensaje indica el ítem y el dato.',
      en: 'The DGI found an error in the lines of the document; the message names the item and the field.',
    },
    remedy: {
      es: 'Corrija la línea indicada (cantidad, precio, descuento o tarifa de ITBMS) y emita un documento nuevo.',
      en: 'Correct the line it names (quantity, price, discount or ITBMS rate) and issue a new document.',
    },
    i18nKey: 'hka.policy.2007',
  },
  {
    codes: [...DGI_SUCCESS_CODES],
    action: 'ignore',
    title: { es: 'Respuesta de la DGI', en: 'DGI answer' },
    meaning: {
      es: 'Mensaje de éxito de la DGI (autorizado el uso de la FE, evento registrado o consulta exitosa).',
      en: 'A DGI success message (use of the e-invoice authorized, event registered or successful query).',
    },
    remedy: { es: 'No se requiere ninguna acción.', en: 'No action is needed.' },
    i18nKey: 'hka.policy.success',
  },
  {
    codes: [NO_FOLIOS_CODE],
    action: 'fail',
    title: { es: 'Sin folios disponibles', en: 'No folios left' },
    meaning: {
      es: 'La licencia de folios de la empresa en The Factory HKA no tiene folios disponibles: HKA no emite más documentos hasta que se renueve.',
      en: "The company's folio licence at The Factory HKA has no folios left: HKA issues no more documents until it is renewed.",
    },
    remedy: {
      es: 'Compre o renueve folios con The Factory HKA y emita de nuevo el documento; sus datos no tienen errores.',
      en: 'Buy or renew folios with The Factory HKA and issue the document again; its data has no errors.',
    },
    i18nKey: 'hka.policy.no_folios',
  },
]

/** A DGI code (four digits) the table does not know. */
export const UNKNOWN_DGI_RULE: HkaPolicyRule = {
  codes: [],
  action: 'fail',
  title: { es: 'Rechazo de la DGI', en: 'Refused by the DGI' },
  meaning: {
    es: 'La DGI rechazó el documento con un código que Facturo no explica todavía; el mensaje de la DGI dice el motivo.',
    en: 'The DGI refused the document with a code Facturo does not explain yet; the DGI message gives the reason.',
  },
  remedy: {
    es: 'Lea el mensaje, corrija lo indicado y emita un documento nuevo; si no es claro, contacte a soporte.',
    en: 'Read the message, fix what it points out and issue a new document; if it is unclear, contact support.',
  },
  i18nKey: 'hka.policy.dgi_unknown',
}

/** Any other answer of HKA that is not "200": opaque, recorded as it came. */
export const HKA_REFUSAL_RULE: HkaPolicyRule = {
  codes: [],
  action: 'fail',
  title: { es: 'Rechazo del PAC', en: 'Refused by the PAC' },
  meaning: {
    es: 'The Factory HKA no procesó la solicitud y respondió con un código propio; Facturo guarda su respuesta completa.',
    en: 'The Factory HKA did not process the request and answered with a code of its own; Facturo keeps its full reply.',
  },
  remedy: {
    es: 'Lea el mensaje de HKA; si habla de credenciales o tokens, revise los tokens del PAC de la empresa; si no es claro, contacte a soporte.',
    en: "Read HKA's message; if it mentions credentials or tokens, check the company's PAC tokens; if it is unclear, contact support.",
  },
  i18nKey: 'hka.policy.refused',
}

/*
|--------------------------------------------------------------------------
| Splitting a reply into messages
|--------------------------------------------------------------------------
*/

const DGI_SEGMENT = /^\s*(\d{4})\s*-\s*([\s\S]*?)\s*$/

/**
 * The messages of one HKA reply. `mensaje` is cut at "|" into DGI messages
 * ("1513-Número del documento fiscal duplicado"); text that is not a DGI
 * message, and any reply without one, becomes a message coded
 * `HKA-<codigo>` (or HKA-FOLIOS when it speaks of folios) with the text as
 * HKA wrote it. Every message says which codigo it came with.
 */
export function splitMessages(codigo: string, mensaje: string): AuthorityMessage[] {
  const ok = codigo.trim() === '200'
  const additionalInfo = `HKA codigo ${codigo.trim() || '(vacío)'}`
  const dgi: AuthorityMessage[] = []
  const other: string[] = []
  for (const segment of mensaje.split('|')) {
    if (segment.trim() === '') continue
    const match = DGI_SEGMENT.exec(segment)
    if (match) {
      const code = match[1]
      const success = (DGI_SUCCESS_CODES as readonly string[]).includes(code)
      dgi.push({
        code,
        text: match[2],
        severity: ok || success ? 'info' : 'error',
        additionalInfo,
      })
    } else {
      other.push(segment.trim())
    }
  }
  const messages = [...dgi]
  if (other.length > 0 || messages.length === 0) {
    const text = other.join(' | ')
    const folios = !ok && /folio/i.test(text)
    messages.push({
      code: folios ? NO_FOLIOS_CODE : `HKA-${codigo.trim() || '?'}`,
      text: text || (ok ? 'OK' : 'Sin mensaje'),
      severity: ok ? 'info' : 'error',
      additionalInfo,
    })
  }
  return messages
}

/*
|--------------------------------------------------------------------------
| Rules and decisions
|--------------------------------------------------------------------------
*/

const byCode = new Map<string, HkaPolicyRule>()
for (const rule of HKA_ERROR_POLICY) for (const code of rule.codes) byCode.set(code, rule)

/** The rule of one message code: a DGI code, HKA-FOLIOS, or any other HKA-level code. */
export function ruleFor(code: string): HkaPolicyRule {
  const known = byCode.get(code.trim())
  if (known) return known
  return /^\d{4}$/.test(code.trim()) ? UNKNOWN_DGI_RULE : HKA_REFUSAL_RULE
}

/** Lower wins: asking what the authority already has comes before anything else. */
const PRIORITY: Record<MessageAction, number> = {
  query: 0,
  lookup: 1,
  fail: 2,
  retry: 3,
  ignore: 4,
}

export interface HkaDecision {
  action: MessageAction
  code: string
  rule: HkaPolicyRule
  decisive?: AuthorityMessage
}

/** The decision for a reply's messages: the most urgent rule wins; info messages are ignored. */
export function decide(messages: readonly AuthorityMessage[]): HkaDecision {
  let best: HkaDecision | undefined
  for (const message of messages) {
    const rule = message.severity === 'error' ? ruleFor(message.code) : byCode.get('0260')!
    const action = message.severity === 'error' ? rule.action : 'ignore'
    if (!best || PRIORITY[action] < PRIORITY[best.action]) {
      best = { action, code: message.code, rule, decisive: message }
    }
  }
  return best ?? { action: 'ignore', code: '', rule: byCode.get('0260')! }
}

/*
|--------------------------------------------------------------------------
| Transport failures
|--------------------------------------------------------------------------
*/

const RETRY_LATER = {
  es: 'Facturo reintenta más tarde y consulta el estado del documento antes de cualquier reenvío.',
  en: 'Facturo retries later and asks for the status of the document before any resend.',
}

const rule = (
  kind: TransportFailureKind,
  action: 'retry' | 'fail',
  title: LocalizedText,
  meaning: LocalizedText,
  remedy: LocalizedText = RETRY_LATER
): TransportFailureRule => ({
  kind,
  action,
  title,
  meaning,
  remedy,
  i18nKey: `hka.transport.${kind}`,
})

export const TRANSPORT_FAILURE_POLICY: Record<TransportFailureKind, TransportFailureRule> = {
  timeout: rule(
    'timeout',
    'retry',
    { es: 'Tiempo de espera agotado', en: 'Timed out' },
    {
      es: 'The Factory HKA no respondió a tiempo. El documento pudo haber llegado.',
      en: 'The Factory HKA did not answer in time. The document may have arrived.',
    }
  ),
  connection_refused: rule(
    'connection_refused',
    'retry',
    { es: 'Conexión rechazada', en: 'Connection refused' },
    {
      es: 'El servicio de The Factory HKA rechazó la conexión (fuera de servicio o saturado).',
      en: 'The Factory HKA service refused the connection (down or overloaded).',
    }
  ),
  connection_reset: rule(
    'connection_reset',
    'retry',
    { es: 'Conexión interrumpida', en: 'Connection dropped' },
    {
      es: 'La conexión con The Factory HKA se cortó antes de la respuesta. El documento pudo haber llegado.',
      en: 'The connection to The Factory HKA dropped before the reply. The document may have arrived.',
    }
  ),
  host_not_found: rule(
    'host_not_found',
    'retry',
    { es: 'Servidor no encontrado', en: 'Host not found' },
    {
      es: 'No se pudo resolver la dirección del servicio de The Factory HKA (red o DNS).',
      en: 'The address of The Factory HKA service could not be resolved (network or DNS).',
    }
  ),
  http_5xx: rule(
    'http_5xx',
    'retry',
    { es: 'Servicio de HKA con errores', en: 'HKA service error' },
    {
      es: 'El servidor de The Factory HKA respondió con un error HTTP 5xx (caído o en mantenimiento).',
      en: 'The Factory HKA server answered with an HTTP 5xx error (down or in maintenance).',
    }
  ),
  http_4xx: rule(
    'http_4xx',
    'fail',
    { es: 'Dirección del servicio incorrecta', en: 'Wrong service address' },
    {
      es: 'El servidor respondió con un error HTTP 4xx: la dirección configurada del servicio de HKA no es correcta.',
      en: 'The server answered with an HTTP 4xx error: the configured HKA service address is wrong.',
    },
    {
      es: 'Revise HKA_DEMO_URL y HKA_PRODUCTION_URL (o deje las direcciones oficiales).',
      en: 'Check HKA_DEMO_URL and HKA_PRODUCTION_URL (or keep the official addresses).',
    }
  ),
  soap_fault: rule(
    'soap_fault',
    'retry',
    { es: 'Falla SOAP de HKA', en: 'HKA SOAP fault' },
    {
      es: 'El servicio de The Factory HKA devolvió una falla SOAP en lugar de una respuesta.',
      en: 'The Factory HKA service returned a SOAP fault instead of a reply.',
    }
  ),
  bad_reply: rule(
    'bad_reply',
    'retry',
    { es: 'Respuesta ilegible', en: 'Unreadable reply' },
    {
      es: 'La respuesta de The Factory HKA no tiene la forma esperada.',
      en: 'The reply of The Factory HKA does not have the expected shape.',
    }
  ),
  unexpected: rule(
    'unexpected',
    'retry',
    { es: 'Error de comunicación', en: 'Communication error' },
    {
      es: 'Ocurrió un error inesperado al comunicarse con The Factory HKA.',
      en: 'An unexpected error happened while talking to The Factory HKA.',
    }
  ),
}

interface ErrorLike {
  code?: string
  message?: string
  response?: { status?: number }
}

function joined(value: { meaning: LocalizedText; remedy: LocalizedText }): LocalizedText {
  return {
    es: `${value.meaning.es} ${value.remedy.es}`,
    en: `${value.meaning.en} ${value.remedy.en}`,
  }
}

/**
 * The error to throw for a failed call: E_TAX_TRANSPORT (retryable) or, for
 * a wrong address, E_TAX_CONFIG. Its `cause` is a plain Error with the
 * failure's code, status and text only: the HTTP client's own error holds
 * the request, and the request holds the company's PAC tokens.
 */
export function transportError(error: unknown, context: string): TaxError {
  if (error instanceof TaxError) return error
  const kind = transportFailureKind(error)
  const policy = TRANSPORT_FAILURE_POLICY[kind]
  const candidate = (error ?? {}) as ErrorLike
  const status = candidate.response?.status
  const detail = [context, status ? `HTTP ${status}` : undefined, candidate.code, kind]
    .filter(Boolean)
    .join(': ')
  const cause = Object.assign(new Error(`${kind}${status ? ` (HTTP ${status})` : ''}`), {
    code: candidate.code,
    status,
    kind,
  })
  const options = { cause, messages: joined(policy), i18nKey: policy.i18nKey }
  return policy.action === 'retry'
    ? new TaxTransportError(`HKA ${detail}`, options)
    : new TaxConfigError(`HKA ${detail}`, options)
}
