/*
|--------------------------------------------------------------------------
| SRI SOAP transport
|--------------------------------------------------------------------------
|
| The two offline web services of SRI: recepción (validarComprobante) and
| autorización (autorizacionComprobante). One instance per endpoint pair;
| the SOAP clients are created on first use and reused, because SRI often
| refuses new connections under load and fetching the WSDL on every call
| doubles the round trips.
|
| Replies are values (RECIBIDA, DEVUELTA, AUTORIZADO, …). Failures to talk
| to SRI — timeouts, refused or dropped connections, HTTP 5xx, SOAP faults,
| unreadable replies, and SRI's own "50 error interno" — are thrown as
| E_TAX_TRANSPORT (retryable, original error as `cause`); a wrong URL (HTTP
| 4xx) is E_TAX_CONFIG.
|
*/
import http from 'node:http'
import https from 'node:https'
import type * as soap from 'soap'
import { loadSoap } from '#adapters/core/lazy_modules'
import { TaxConfigError } from '#adapters/core/errors'
import type { TaxEnvironment } from '#adapters/core/types'
import { classify, type PolicyDecision } from '#adapters/ecuador_sri/transport/error_policy'
import {
  parseAuthorizationReply,
  parseReceptionReply,
  SriReplyError,
  type SriStatusResult,
  type SriSubmitResult,
} from '#adapters/ecuador_sri/transport/reply_parser'

export interface SriEndpoints {
  /** Recepción service URL, without `?wsdl`. */
  receptionUrl: string
  /** Autorización service URL, without `?wsdl`. */
  authorizationUrl: string
}

export interface SriTransportOptions extends SriEndpoints {
  /** Per request (WSDL download and each call). Odoo uses 20 s against SRI; default 20 000 ms. */
  timeoutMs?: number
}

/** Submit result plus what the error policy says about a DEVUELTA. */
export interface SriTransportSubmitResult extends SriSubmitResult {
  /** Present when the reply was DEVUELTA: query, lookup or fail. */
  decision?: PolicyDecision
}

/** Status result plus what the error policy says about NO AUTORIZADO / EN PROCESO messages. */
export interface SriTransportStatusResult extends SriStatusResult {
  decision?: PolicyDecision
}

/** SRI's offline ("comprobantes electrónicos offline") services. */
export const OFFICIAL_SRI_ENDPOINTS: Record<TaxEnvironment, SriEndpoints> = {
  test: {
    receptionUrl:
      'https://celcer.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline',
    authorizationUrl:
      'https://celcer.sri.gob.ec/comprobantes-electronicos-ws/AutorizacionComprobantesOffline',
  },
  production: {
    receptionUrl:
      'https://cel.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline',
    authorizationUrl:
      'https://cel.sri.gob.ec/comprobantes-electronicos-ws/AutorizacionComprobantesOffline',
  },
}

export const DEFAULT_TIMEOUT_MS = 20_000

type ServiceName = 'recepción' | 'autorización'

/** Accepts the URL with or without `?wsdl` (SRI publishes it with) and returns the service URL. */
function serviceUrl(value: string, setting: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch (error) {
    throw new TaxConfigError(`${setting} is not a URL: "${value}"`, {
      cause: error,
      messages: {
        es: `La dirección del servicio del SRI (${setting}) no es una URL válida.`,
        en: `The SRI service address (${setting}) is not a valid URL.`,
      },
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TaxConfigError(`${setting} must be http(s): "${value}"`, {
      messages: {
        es: `La dirección del servicio del SRI (${setting}) debe empezar con http:// o https://.`,
        en: `The SRI service address (${setting}) must start with http:// or https://.`,
      },
    })
  }
  if (url.search.toLowerCase() === '?wsdl') url.search = ''
  return url.toString()
}

export class SriTransport {
  readonly receptionUrl: string
  readonly authorizationUrl: string
  readonly timeoutMs: number

  #clients = new Map<ServiceName, Promise<soap.Client>>()
  // Own keep-alive agents, so close() really releases the sockets.
  #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })
  #closed = false

  constructor(options: SriTransportOptions) {
    this.receptionUrl = serviceUrl(options.receptionUrl, 'SRI_RECEPTION_URL')
    this.authorizationUrl = serviceUrl(options.authorizationUrl, 'SRI_AUTHORIZATION_URL')
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /**
   * The official offline endpoints for an environment (pruebas on
   * celcer.sri.gob.ec, producción on cel.sri.gob.ec), unless overridden
   * (e.g. by SRI_RECEPTION_URL / SRI_AUTHORIZATION_URL pointing at the
   * simulator). Empty overrides are ignored.
   */
  static endpointsFor(environment: TaxEnvironment, overrides: Partial<SriEndpoints> = {}) {
    const official = OFFICIAL_SRI_ENDPOINTS[environment]
    if (!official) {
      throw new TaxConfigError(`Unknown SRI environment "${environment}"`, {
        messages: {
          es: `Ambiente del SRI desconocido: "${environment}" (use pruebas o producción).`,
          en: `Unknown SRI environment "${environment}" (use test or production).`,
        },
      })
    }
    return {
      receptionUrl: overrides.receptionUrl || official.receptionUrl,
      authorizationUrl: overrides.authorizationUrl || official.authorizationUrl,
    } satisfies SriEndpoints
  }

  /**
   * Sends a signed comprobante to recepción (validarComprobante), base64 of
   * its UTF-8 bytes exactly as given. RECIBIDA → `received`; DEVUELTA →
   * `rejected` with SRI's messages and the policy decision (43/70 query,
   * 45 lookup, others fail).
   */
  async submit(signedXml: string): Promise<SriTransportSubmitResult> {
    const payload = Buffer.from(signedXml, 'utf8').toString('base64')
    const raw = await this.#call('recepción', 'validarComprobanteAsync', { xml: payload })
    const result: SriTransportSubmitResult = this.#parse('recepción', () =>
      parseReceptionReply(raw)
    )
    if (result.status === 'rejected') {
      result.decision = this.#decide(result.messages)
    }
    return result
  }

  /**
   * Asks autorización (autorizacionComprobante) about a clave de acceso.
   * AUTORIZADO → `authorized` with number, date and the authorized XML;
   * NO AUTORIZADO → `rejected`; EN PROCESO → `pending`; a clave SRI does not
   * know (numeroComprobantes 0) → `unknown`.
   */
  async checkStatus(accessKey: string): Promise<SriTransportStatusResult> {
    const raw = await this.#call('autorización', 'autorizacionComprobanteAsync', {
      claveAccesoComprobante: accessKey,
    })
    const result: SriTransportStatusResult = this.#parse('autorización', () =>
      parseAuthorizationReply(raw)
    )
    if (result.messages.some((message) => message.severity === 'error')) {
      result.decision = this.#decide(result.messages)
    }
    return result
  }

  /** Drops the cached clients and closes idle sockets. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true
    this.#clients.clear()
    this.#httpAgent.destroy()
    this.#httpsAgent.destroy()
  }

  #requestOptions() {
    return { timeout: this.timeoutMs, httpAgent: this.#httpAgent, httpsAgent: this.#httpsAgent }
  }

  #urlOf(service: ServiceName) {
    return service === 'recepción' ? this.receptionUrl : this.authorizationUrl
  }

  #client(service: ServiceName): Promise<soap.Client> {
    if (this.#closed) {
      // A closed transport is reopened on demand with fresh agents.
      this.#closed = false
      this.#httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
      this.#httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })
    }
    const cached = this.#clients.get(service)
    if (cached) return cached

    const endpoint = this.#urlOf(service)
    // `soap` is loaded with the first client, not at boot (see loadSoap).
    const created = loadSoap().then((library) =>
      library.createClientAsync(
        `${endpoint}?wsdl`,
        {
          // The WSDL's soap:address may name another host (SRI's internal one,
          // or the simulator's default); always post to the configured URL.
          endpoint,
          wsdl_options: this.#requestOptions(),
        },
        endpoint
      )
    )
    // A failed download must not poison the cache: the next call retries it.
    created.catch(() => {
      if (this.#clients.get(service) === created) this.#clients.delete(service)
    })
    this.#clients.set(service, created)
    return created
  }

  async #call(service: ServiceName, method: string, args: Record<string, string>) {
    const context = `${service} ${this.#urlOf(service)}`
    try {
      const client = await this.#client(service)
      const [, rawResponse] = (await client[method](args, this.#requestOptions())) as [
        unknown,
        unknown,
      ]
      if (typeof rawResponse !== 'string' || rawResponse.trim() === '') {
        throw new SriReplyError('empty reply')
      }
      return rawResponse
    } catch (error) {
      // node-soap fails the call when it cannot map a 200 reply onto the WSDL
      // types; the raw text may still be a perfectly good SRI answer.
      const salvaged = salvageBody(error)
      if (salvaged) return salvaged
      throw classify(error, context).error ?? error
    }
  }

  #parse<T>(service: ServiceName, parse: () => T): T {
    try {
      return parse()
    } catch (error) {
      throw classify(error, `${service} ${this.#urlOf(service)}`).error ?? error
    }
  }

  /**
   * SRI's "50 error interno" means the document was not processed: like an
   * outage, it is thrown as E_TAX_TRANSPORT so the job retries with backoff
   * instead of recording a rejection.
   */
  #decide(messages: SriSubmitResult['messages']) {
    const decision = classify(messages)
    if (decision.action === 'retry' && decision.error) throw decision.error
    return decision
  }
}

function salvageBody(error: unknown): string | undefined {
  const candidate = error as { response?: { status?: number; data?: unknown } } | undefined
  const status = candidate?.response?.status
  const body = candidate?.response?.data
  if (status === 200 && typeof body === 'string' && /<[\w-]*:?Envelope[\s>]/.test(body)) {
    return body
  }
  return undefined
}
