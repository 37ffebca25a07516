/*
|--------------------------------------------------------------------------
| Transport failures
|--------------------------------------------------------------------------
|
| A call to an authority that never produced an answer to read: what kind
| of failure it was, from the errors node-soap, axios and sockets throw.
| Each adapter says, per kind, what it means for its authority and what
| to do (retry or fix the configuration) in its own error policy, in its
| own words; the recognition is the same for every SOAP authority.
|
*/
import type { LocalizedText } from '#adapters/core/types'

export const TRANSPORT_FAILURE_KINDS = [
  'timeout',
  'connection_refused',
  'connection_reset',
  'host_not_found',
  'http_5xx',
  'http_4xx',
  'soap_fault',
  'bad_reply',
  'unexpected',
] as const

export type TransportFailureKind = (typeof TRANSPORT_FAILURE_KINDS)[number]

/** One row of an adapter's transport policy. */
export interface TransportFailureRule {
  kind: TransportFailureKind
  action: 'retry' | 'fail'
  title: LocalizedText
  meaning: LocalizedText
  remedy: LocalizedText
  i18nKey: string
}

/** Node and axios error codes, by the failure they mean. */
const NETWORK_CODES: Record<string, TransportFailureKind> = {
  ETIMEDOUT: 'timeout',
  ECONNABORTED: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  EHOSTUNREACH: 'connection_refused',
  ENETUNREACH: 'connection_refused',
  ENOTFOUND: 'host_not_found',
  EAI_AGAIN: 'host_not_found',
}

interface ErrorLike {
  code?: string
  message?: string
  response?: { status?: number }
  root?: { Envelope?: { Body?: { Fault?: unknown } } }
  Fault?: unknown
  cause?: unknown
  kind?: string
}

/** Recognizes what went wrong in a failed SOAP call (an error's own `kind` first). */
export function transportFailureKind(error: unknown): TransportFailureKind {
  const candidate = (error ?? {}) as ErrorLike
  if (TRANSPORT_FAILURE_KINDS.includes(candidate.kind as TransportFailureKind)) {
    return candidate.kind as TransportFailureKind
  }
  if (candidate.code && NETWORK_CODES[candidate.code]) return NETWORK_CODES[candidate.code]
  const message = String(candidate.message ?? '')
  if (/timeout/i.test(message)) return 'timeout'
  if (/socket hang up/i.test(message)) return 'connection_reset'
  if (candidate.root?.Envelope?.Body?.Fault || candidate.Fault) return 'soap_fault'
  // node-soap reports a failed WSDL download as a plain Error whose text
  // carries the HTTP status ("Invalid WSDL URL: … Code: 503").
  const wsdlStatus = /Invalid WSDL URL[\s\S]*?Code:\s*(\d{3})/.exec(message)?.[1]
  const status = candidate.response?.status ?? (wsdlStatus ? Number(wsdlStatus) : undefined)
  if (typeof status === 'number') {
    if (status >= 500) return 'http_5xx'
    if (status >= 400) return 'http_4xx'
  }
  if (candidate.cause && candidate.cause !== error) {
    const inner = transportFailureKind(candidate.cause)
    if (inner !== 'unexpected') return inner
  }
  return 'unexpected'
}
