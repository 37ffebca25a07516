/*
|--------------------------------------------------------------------------
| SRI error policy
|--------------------------------------------------------------------------
|
| What Facturo does with each SRI message identifier and each kind of
| transport failure. The table is data so the pipeline, the admin console
| and the tests read the same rows; `classify()` turns a reply's messages or
| a thrown error into one decision.
|
| Actions:
|   query   ask autorización for the same clave; never resend
|   lookup  the secuencial is taken: query autorización with the clave stored
|           for this document (and renumber only if another document owns it)
|   fail    stop; show the user what it means and what to do
|   retry   try again later with backoff (checking autorización first)
|   ignore  informational only (ADVERTENCIA / INFORMATIVO), nothing to do
|
| Codes follow SRI's "ficha técnica de comprobantes electrónicos" table of
| identificadores as mirrored in public integrations (43, 65 and 39 seen in
| live replies; see docs in shared reference sri-ecuador.md §5).
|
*/
import { TaxConfigError, TaxError, TaxTransportError } from '#adapters/core/errors'
import type { AuthorityMessage, LocalizedText } from '#adapters/core/types'
import {
  transportFailureKind,
  type TransportFailureKind,
  type TransportFailureRule,
} from '#adapters/core/transport_failures'

export type PolicyAction = 'query' | 'lookup' | 'fail' | 'retry' | 'ignore'

export interface SriPolicyRule {
  /** SRI `identificador` values this row covers. */
  codes: string[]
  action: PolicyAction
  /** Short name of the situation. */
  title: LocalizedText
  /** What SRI is saying. */
  meaning: LocalizedText
  /** What the user (or Facturo) does about it. */
  remedy: LocalizedText
  /** i18n key prefix; `<key>.title`, `.meaning`, `.remedy` live in adapters/ecuador_sri/lang/{es,en}/sri.json. */
  i18nKey: string
}

const QUERY_BEFORE_RESEND = {
  es: 'Facturo consulta la autorización de esa clave en lugar de reenviar el comprobante.',
  en: 'Facturo queries the authorization of that key instead of sending the document again.',
}

/** The policy table, one row per situation. Order matters only for readability. */
export const SRI_ERROR_POLICY: readonly SriPolicyRule[] = [
  {
    codes: ['43'],
    action: 'query',
    title: { es: 'Clave de acceso registrada', en: 'Access key already registered' },
    meaning: {
      es: 'El SRI ya recibió un comprobante con esta clave de acceso (por ejemplo, un envío anterior cuya respuesta se perdió).',
      en: 'SRI already received a document with this access key (for example an earlier submission whose reply was lost).',
    },
    remedy: QUERY_BEFORE_RESEND,
    i18nKey: 'sri.policy.43',
  },
  {
    codes: ['70'],
    action: 'query',
    title: { es: 'Clave de acceso en procesamiento', en: 'Access key being processed' },
    meaning: {
      es: 'El SRI todavía está procesando el comprobante con esta clave de acceso.',
      en: 'SRI is still processing the document with this access key.',
    },
    remedy: {
      es: 'No reenvíe: Facturo vuelve a consultar la autorización más tarde, con esperas crecientes.',
      en: 'Do not resend: Facturo queries the authorization again later, with growing waits.',
    },
    i18nKey: 'sri.policy.70',
  },
  {
    codes: ['45'],
    action: 'lookup',
    title: { es: 'Secuencial registrado', en: 'Sequential number already registered' },
    meaning: {
      es: 'El SRI ya tiene un comprobante del mismo tipo con este establecimiento, punto de emisión y secuencial.',
      en: 'SRI already holds a document of the same type with this establishment, emission point and sequential number.',
    },
    remedy: {
      es: 'Facturo consulta la autorización con la clave de acceso guardada para este comprobante; si el secuencial pertenece a otro comprobante, se asigna un secuencial nuevo.',
      en: 'Facturo queries the authorization with the access key stored for this document; if the number belongs to another document, a new sequential number is allocated.',
    },
    i18nKey: 'sri.policy.45',
  },
  {
    codes: ['35', '36'],
    action: 'fail',
    title: { es: 'Documento inválido', en: 'Invalid document' },
    meaning: {
      es: 'El XML no cumple la estructura (esquema XSD) o la versión del comprobante que exige el SRI.',
      en: 'The XML does not match the structure (XSD schema) or the document version SRI requires.',
    },
    remedy: {
      es: 'Revise el detalle del mensaje, corrija los datos del comprobante y vuelva a emitirlo; si los datos son correctos, contacte a soporte.',
      en: 'Read the message detail, correct the document data and issue it again; if the data is right, contact support.',
    },
    i18nKey: 'sri.policy.35',
  },
  {
    codes: ['39', '40'],
    action: 'fail',
    title: { es: 'Firma inválida', en: 'Invalid signature' },
    meaning: {
      es: 'El SRI no pudo verificar la firma electrónica o el certificado no sirve para firmar (caducado, revocado o no es de firma digital).',
      en: 'SRI could not verify the electronic signature, or the certificate cannot sign (expired, revoked or not a digital-signature certificate).',
    },
    remedy: {
      es: 'Cargue de nuevo su certificado de firma electrónica (.p12) vigente y vuelva a emitir el comprobante.',
      en: 'Upload your valid electronic-signature certificate (.p12) again and issue the document again.',
    },
    i18nKey: 'sri.policy.39',
  },
  {
    codes: ['52'],
    action: 'fail',
    title: { es: 'Error en diferencias', en: 'Amounts do not add up' },
    meaning: {
      es: 'Los totales, bases imponibles o impuestos del comprobante no cuadran con el detalle según los cálculos del SRI.',
      en: "The document's totals, tax bases or taxes do not match its lines according to SRI's calculations.",
    },
    remedy: {
      es: 'Revise cantidades, precios, descuentos y tarifas de IVA de las líneas y emita un comprobante nuevo.',
      en: 'Check the quantities, prices, discounts and VAT rates of the lines and issue a new document.',
    },
    i18nKey: 'sri.policy.52',
  },
  {
    codes: ['65'],
    action: 'fail',
    title: { es: 'Fecha de emisión extemporánea', en: 'Issue date out of range' },
    meaning: {
      es: 'La fecha de emisión está fuera del plazo que acepta el SRI (más de 90 días en el pasado, o en el futuro).',
      en: 'The issue date is outside the window SRI accepts (more than 90 days in the past, or in the future).',
    },
    remedy: {
      es: 'Emita el comprobante de nuevo con la fecha de hoy.',
      en: "Issue the document again with today's date.",
    },
    i18nKey: 'sri.policy.65',
  },
  {
    codes: ['2', '10', '37', '46', '56', '57', '63'],
    action: 'fail',
    title: { es: 'Emisor no habilitado', en: 'Issuer not enabled' },
    meaning: {
      es: 'El RUC, el establecimiento o el punto de emisión no están activos o no están autorizados para emitir comprobantes electrónicos en este ambiente.',
      en: 'The RUC, establishment or emission point is not active or not authorized to issue electronic documents in this environment.',
    },
    remedy: {
      es: 'Verifique en SRI en línea que el RUC y el establecimiento estén activos y habilitados para facturación electrónica, y que el ambiente (pruebas o producción) sea el correcto.',
      en: 'Check in SRI en línea that the RUC and establishment are active and enabled for electronic invoicing, and that the environment (test or production) is right.',
    },
    i18nKey: 'sri.policy.issuer',
  },
  {
    codes: ['26'],
    action: 'fail',
    title: { es: 'Tamaño máximo superado', en: 'Maximum size exceeded' },
    meaning: {
      es: 'El comprobante supera el tamaño máximo que acepta el SRI (320 KB).',
      en: 'The document exceeds the maximum size SRI accepts (320 KB).',
    },
    remedy: {
      es: 'Divida las líneas en varios comprobantes o reduzca la información adicional.',
      en: 'Split the lines over several documents or shorten the additional information.',
    },
    i18nKey: 'sri.policy.26',
  },
  {
    codes: ['49', '58'],
    action: 'fail',
    title: { es: 'Error al armar el envío', en: 'Malformed submission' },
    meaning: {
      es: 'El envío llegó vacío o la clave de acceso no coincide con los datos del comprobante. Es un error de Facturo, no de sus datos.',
      en: 'The submission arrived empty or the access key does not match the document data. This is a Facturo error, not a problem with your data.',
    },
    remedy: {
      es: 'Contacte a soporte de Facturo indicando el número del comprobante.',
      en: 'Contact Facturo support with the document number.',
    },
    i18nKey: 'sri.policy.builder',
  },
  {
    codes: ['50'],
    action: 'retry',
    title: { es: 'Error interno del SRI', en: 'SRI internal error' },
    meaning: {
      es: 'El servicio del SRI tuvo un error interno y no procesó el comprobante.',
      en: 'The SRI service had an internal error and did not process the document.',
    },
    remedy: {
      es: 'Facturo reintenta automáticamente más tarde, consultando antes la autorización.',
      en: 'Facturo retries automatically later, querying the authorization first.',
    },
    i18nKey: 'sri.policy.50',
  },
  {
    codes: ['60', '62'],
    action: 'ignore',
    title: { es: 'Advertencia del SRI', en: 'SRI warning' },
    meaning: {
      es: 'Mensaje informativo del SRI (por ejemplo, ambiente de pruebas o identificación del comprador no verificada); no impide la autorización.',
      en: 'Informational SRI message (for example the test environment, or an unverified buyer identification); it does not prevent authorization.',
    },
    remedy: { es: 'No se requiere ninguna acción.', en: 'No action is needed.' },
    i18nKey: 'sri.policy.warning',
  },
]

/** Fallback for an error identifier the table does not know. */
export const UNKNOWN_CODE_RULE: SriPolicyRule = {
  codes: [],
  action: 'fail',
  title: { es: 'Rechazo del SRI', en: 'Rejected by SRI' },
  meaning: {
    es: 'El SRI rechazó el comprobante con un código que Facturo no reconoce.',
    en: 'SRI rejected the document with a code Facturo does not recognize.',
  },
  remedy: {
    es: 'Lea el mensaje del SRI, corrija lo indicado y emita de nuevo; si no es claro, contacte a soporte.',
    en: "Read SRI's message, fix what it points out and issue again; if it is unclear, contact support.",
  },
  i18nKey: 'sri.policy.unknown',
}

const RETRY_LATER = {
  es: 'Facturo reintenta automáticamente más tarde y consulta la autorización antes de cualquier reenvío.',
  en: 'Facturo retries automatically later and queries the authorization before any resend.',
}

/** What happens when the SRI service cannot be reached or answers something that is not a reply. */
export const TRANSPORT_FAILURE_POLICY: Record<TransportFailureKind, TransportFailureRule> = {
  timeout: {
    kind: 'timeout',
    action: 'retry',
    title: { es: 'Tiempo de espera agotado', en: 'Timed out' },
    meaning: {
      es: 'El SRI no respondió a tiempo. El comprobante pudo haber llegado.',
      en: 'SRI did not answer in time. The document may have arrived.',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.timeout',
  },
  connection_refused: {
    kind: 'connection_refused',
    action: 'retry',
    title: { es: 'Conexión rechazada', en: 'Connection refused' },
    meaning: {
      es: 'El servicio del SRI rechazó la conexión (fuera de servicio o saturado).',
      en: 'The SRI service refused the connection (down or overloaded).',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.connection_refused',
  },
  connection_reset: {
    kind: 'connection_reset',
    action: 'retry',
    title: { es: 'Conexión interrumpida', en: 'Connection dropped' },
    meaning: {
      es: 'La conexión con el SRI se cortó antes de recibir la respuesta. El comprobante pudo haber llegado.',
      en: 'The connection to SRI dropped before the reply arrived. The document may have arrived.',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.connection_reset',
  },
  host_not_found: {
    kind: 'host_not_found',
    action: 'retry',
    title: { es: 'Servidor no encontrado', en: 'Host not found' },
    meaning: {
      es: 'No se pudo resolver la dirección del servicio del SRI (red o DNS).',
      en: 'The address of the SRI service could not be resolved (network or DNS).',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.host_not_found',
  },
  http_5xx: {
    kind: 'http_5xx',
    action: 'retry',
    title: { es: 'Servicio del SRI con errores', en: 'SRI service error' },
    meaning: {
      es: 'El servidor del SRI respondió con un error HTTP 5xx (caído o en mantenimiento).',
      en: 'The SRI server answered with an HTTP 5xx error (down or in maintenance).',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.http_5xx',
  },
  http_4xx: {
    kind: 'http_4xx',
    action: 'fail',
    title: { es: 'Dirección del servicio incorrecta', en: 'Wrong service address' },
    meaning: {
      es: 'El servidor respondió con un error HTTP 4xx: la URL configurada del servicio del SRI no es correcta.',
      en: 'The server answered with an HTTP 4xx error: the configured SRI service URL is wrong.',
    },
    remedy: {
      es: 'Revise SRI_RECEPTION_URL y SRI_AUTHORIZATION_URL (o deje los valores oficiales).',
      en: 'Check SRI_RECEPTION_URL and SRI_AUTHORIZATION_URL (or keep the official values).',
    },
    i18nKey: 'sri.transport.http_4xx',
  },
  soap_fault: {
    kind: 'soap_fault',
    action: 'retry',
    title: { es: 'Falla SOAP del SRI', en: 'SRI SOAP fault' },
    meaning: {
      es: 'El servicio del SRI devolvió una falla SOAP en lugar de una respuesta.',
      en: 'The SRI service returned a SOAP fault instead of a reply.',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.soap_fault',
  },
  bad_reply: {
    kind: 'bad_reply',
    action: 'retry',
    title: { es: 'Respuesta ilegible', en: 'Unreadable reply' },
    meaning: {
      es: 'La respuesta del SRI no tiene la forma esperada.',
      en: 'The SRI reply does not have the expected shape.',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.bad_reply',
  },
  unexpected: {
    kind: 'unexpected',
    action: 'retry',
    title: { es: 'Error de comunicación', en: 'Communication error' },
    meaning: {
      es: 'Ocurrió un error inesperado al comunicarse con el SRI.',
      en: 'An unexpected error happened while talking to SRI.',
    },
    remedy: RETRY_LATER,
    i18nKey: 'sri.transport.unexpected',
  },
}

/*
|--------------------------------------------------------------------------
| classify()
|--------------------------------------------------------------------------
*/

export interface PolicyDecision {
  action: PolicyAction
  retryable: boolean
  /** The SRI identificador or transport failure kind that decided. */
  code: string
  title: LocalizedText
  /** Meaning and remedy in one sentence pair, ready for a user. */
  message: LocalizedText
  i18nKey: string
  /** The SRI messages classified (empty for transport failures). */
  messages: AuthorityMessage[]
  /** The SRI message that decided, when the input was messages. */
  decisive?: AuthorityMessage
  /**
   * The error to throw for `retry` (E_TAX_TRANSPORT, retryable, with the
   * original error as cause) and for transport `fail` (E_TAX_CONFIG). Absent
   * for business outcomes, which stay values.
   */
  error?: TaxError
}

/** Lower wins: checking what SRI already has always comes before anything else. */
const PRIORITY: Record<PolicyAction, number> = { query: 0, lookup: 1, fail: 2, retry: 3, ignore: 4 }

/** Unknown identifiers that SRI itself marks as ADVERTENCIA/INFORMATIVO are informational too. */
const WARNING_RULE = SRI_ERROR_POLICY.find((rule) => rule.action === 'ignore')!

const byCode = new Map<string, SriPolicyRule>()
for (const rule of SRI_ERROR_POLICY) for (const code of rule.codes) byCode.set(code, rule)

/** The policy row for one SRI identificador. Unknown codes fail unless they are only warnings. */
export function ruleFor(code: string, severity: AuthorityMessage['severity'] = 'error') {
  const normalized = String(code)
    .trim()
    .replace(/^0+(?=\d)/, '')
  const known = byCode.get(normalized)
  if (known) return known
  return severity === 'error' ? UNKNOWN_CODE_RULE : WARNING_RULE
}

function joinText(rule: { meaning: LocalizedText; remedy: LocalizedText }): LocalizedText {
  return { es: `${rule.meaning.es} ${rule.remedy.es}`, en: `${rule.meaning.en} ${rule.remedy.en}` }
}

function describe(message: AuthorityMessage) {
  const extra = message.additionalInfo ? ` (${message.additionalInfo})` : ''
  return `${message.code} ${message.text}${extra}`
}

function classifyMessages(messages: readonly AuthorityMessage[]): PolicyDecision {
  let best: { rule: SriPolicyRule; message: AuthorityMessage } | undefined
  for (const message of messages) {
    const rule = ruleFor(message.code, message.severity)
    if (!best || PRIORITY[rule.action] < PRIORITY[best.rule.action]) best = { rule, message }
  }

  if (!best) {
    const rule = UNKNOWN_CODE_RULE
    return {
      action: 'fail',
      retryable: false,
      code: '',
      title: rule.title,
      message: joinText(rule),
      i18nKey: rule.i18nKey,
      messages: [...messages],
    }
  }

  const { rule, message } = best
  const decision: PolicyDecision = {
    action: rule.action,
    retryable: rule.action === 'retry',
    code: message.code,
    title: rule.title,
    message: joinText(rule),
    i18nKey: rule.i18nKey,
    messages: [...messages],
    decisive: message,
  }
  if (rule.action === 'retry') {
    decision.error = new TaxTransportError(`SRI answered ${describe(message)}; retry later`, {
      cause: new Error(describe(message)),
      messages: decision.message,
      i18nKey: rule.i18nKey,
    })
  }
  return decision
}

interface ErrorLike {
  code?: string
  message?: string
  response?: { status?: number }
}

function classifyError(error: unknown, context?: string): PolicyDecision {
  if (error instanceof TaxError) {
    return {
      action: error.retryable ? 'retry' : 'fail',
      retryable: error.retryable,
      code: (error.constructor as unknown as { code?: string }).code ?? 'E_TAX',
      title: error.messages,
      message: error.messages,
      i18nKey: error.i18nKey,
      messages: [],
      error,
    }
  }

  const kind = transportFailureKind(error)
  const rule = TRANSPORT_FAILURE_POLICY[kind]
  const status = (error as ErrorLike | undefined)?.response?.status
  const detail = [
    context,
    status ? `HTTP ${status}` : undefined,
    (error as ErrorLike | undefined)?.message,
  ]
    .filter(Boolean)
    .join(': ')
  const message = joinText(rule)
  const options = { cause: error, messages: message, i18nKey: rule.i18nKey }
  const thrown =
    rule.action === 'retry'
      ? new TaxTransportError(`SRI ${kind}${detail ? ` (${detail})` : ''}`, options)
      : new TaxConfigError(`SRI ${kind}${detail ? ` (${detail})` : ''}`, options)
  return {
    action: rule.action,
    retryable: rule.action === 'retry',
    code: kind,
    title: rule.title,
    message,
    i18nKey: rule.i18nKey,
    messages: [],
    error: thrown,
  }
}

/**
 * Decides what to do with an SRI reply's messages or with a failed call.
 *
 * - Messages (from a DEVUELTA, NO AUTORIZADO or EN PROCESO reply): the most
 *   urgent row wins (query > lookup > fail > retry > ignore), so a 43 next to
 *   a warning still means "query".
 * - An error (thrown by the SOAP client, a socket, a timeout): a transport
 *   failure row; `decision.error` is the E_TAX_TRANSPORT (or E_TAX_CONFIG for
 *   a wrong URL) to throw, with the original error as `cause`.
 *
 * `context` (e.g. "recepción http://…") is added to the thrown error's
 * message for logs; it never contains document data or credentials.
 */
export function classify(
  input: readonly AuthorityMessage[] | { messages: readonly AuthorityMessage[] } | unknown,
  context?: string
): PolicyDecision {
  if (Array.isArray(input)) return classifyMessages(input as AuthorityMessage[])
  if (
    input &&
    typeof input === 'object' &&
    !(input instanceof Error) &&
    Array.isArray((input as { messages?: unknown }).messages)
  ) {
    return classifyMessages((input as { messages: AuthorityMessage[] }).messages)
  }
  return classifyError(input, context)
}
