/*
|--------------------------------------------------------------------------
| Panama HKA: SOAP client of the integration service
|--------------------------------------------------------------------------
|
| The nine operations of The Factory HKA's `ws/obj/v1.0/Service.svc`
| (SOAP 1.1, WCF), through the `soap` package: one client per endpoint,
| built once from Facturo's copy of the service description
| (wsdl/Service.wsdl) and pointed at the configured address, so no call
| waits for a WSDL download. The request bodies are written by requests.ts
| exactly as HKA's Postman collection writes them; node-soap adds the
| envelope, the SOAPAction header and the HTTP exchange.
|
| Replies are values, even refusals (codigo ≠ 200). Failing to talk to HKA
| (timeouts, refused or dropped connections, HTTP 5xx, SOAP faults,
| unreadable replies) throws E_TAX_TRANSPORT (retryable); a wrong address
| (HTTP 4xx) throws E_TAX_CONFIG. Neither carries the request: it holds the
| company's PAC tokens.
|
*/
import http from 'node:http'
import https from 'node:https'
import { fileURLToPath } from 'node:url'
import type * as soap from 'soap'
import { loadSoap } from '#adapters/core/lazy_modules'
import { TaxConfigError } from '#adapters/core/errors'
import type { TaxEnvironment } from '#adapters/core/types'
import type { DocumentData } from '#adapters/panama_hka/document_key'
import type { HkaOperation } from '#adapters/panama_hka/namespaces'
import { transportError } from '#adapters/panama_hka/transport/error_policy'
import {
  HkaReplyError,
  parseDescargaReply,
  parseEnviarReply,
  parseEstadoReply,
  parseFoliosReply,
  parseRastreoReply,
  parseReply,
  parseRucReply,
  type DescargaReply,
  type EnviarReply,
  type EstadoReply,
  type FoliosReply,
  type HkaReply,
  type RastreoReply,
  type RucReply,
} from '#adapters/panama_hka/transport/replies'
import {
  anulacionRequest,
  consultarRucRequest,
  descargaPdfRequest,
  documentRequest,
  enviarRequest,
  envioCorreoRequest,
  foliosRequest,
  rastreoRequest,
  type HkaTokens,
} from '#adapters/panama_hka/transport/requests'

/** HKA's integration service per environment (panama-hka.md §1.1; production: confirm with HKA at go-live). */
export const OFFICIAL_HKA_ENDPOINTS: Record<TaxEnvironment, string> = {
  test: 'https://demoemision.thefactoryhka.com.pa/ws/obj/v1.0/Service.svc',
  production: 'https://emision.thefactoryhka.com.pa/ws/obj/v1.0/Service.svc',
}

/** The path of the service on HKA's hosts, which the simulator serves too. */
export const SERVICE_PATH = '/ws/obj/v1.0/Service.svc'

/** Per request. HKA integrations use at least 30 s (panama-hka.md §1.5). */
export const DEFAULT_TIMEOUT_MS = 30_000

const WSDL_FILE = fileURLToPath(new URL('./wsdl/Service.wsdl', import.meta.url))

export interface HkaTransportOptions {
  /** Service URL, with or without `?wsdl`/`?singleWsdl`. */
  url: string
  timeoutMs?: number
}

/** Accepts the URL with or without a WSDL suffix and returns the service URL. */
function serviceUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch (error) {
    throw new TaxConfigError(`HKA service URL is not a URL: "${value}"`, {
      cause: error,
      messages: {
        es: 'La dirección del servicio de The Factory HKA no es una URL válida.',
        en: 'The address of The Factory HKA service is not a valid URL.',
      },
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TaxConfigError(`HKA service URL must be http(s): "${value}"`, {
      messages: {
        es: 'La dirección del servicio de The Factory HKA debe empezar con http:// o https://.',
        en: 'The address of The Factory HKA service must start with http:// or https://.',
      },
    })
  }
  if (/^\?(single)?wsdl$/i.test(url.search)) url.search = ''
  return url.toString()
}

/** A reply body node-soap could not map onto the WSDL types, or an error page holding a SOAP fault. */
function salvageBody(error: unknown): string | undefined {
  const candidate = error as { response?: { data?: unknown }; body?: unknown } | undefined
  const body = candidate?.body ?? candidate?.response?.data
  if (typeof body === 'string' && /<[\w-]*:?Envelope[\s>]/.test(body)) return body
  return undefined
}

export class HkaTransport {
  readonly url: string
  readonly timeoutMs: number

  #client: Promise<soap.Client> | undefined
  // Own keep-alive agents, so close() really releases the sockets.
  #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })
  #closed = false

  constructor(options: HkaTransportOptions) {
    this.url = serviceUrl(options.url)
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /** The official service of an environment unless an address is given (simulator, override). */
  static urlFor(environment: TaxEnvironment, override?: string): string {
    const official = OFFICIAL_HKA_ENDPOINTS[environment]
    if (!official) {
      throw new TaxConfigError(`Unknown HKA environment "${environment}"`, {
        messages: {
          es: `Ambiente de HKA desconocido: "${environment}" (use demo o producción).`,
          en: `Unknown HKA environment "${environment}" (use demo or production).`,
        },
      })
    }
    return override || official
  }

  /** Enviar: the documento as built and signed. */
  async enviar(tokens: HkaTokens, documento: string): Promise<EnviarReply> {
    const raw = await this.#call('Enviar', enviarRequest(tokens, documento))
    return this.#parse('Enviar', () => parseEnviarReply(raw))
  }

  async estadoDocumento(tokens: HkaTokens, data: DocumentData): Promise<EstadoReply> {
    const raw = await this.#call(
      'EstadoDocumento',
      documentRequest('EstadoDocumento', tokens, data)
    )
    return this.#parse('EstadoDocumento', () => parseEstadoReply(raw))
  }

  async anulacionDocumento(
    tokens: HkaTokens,
    reason: string,
    data: DocumentData
  ): Promise<HkaReply> {
    const raw = await this.#call('AnulacionDocumento', anulacionRequest(tokens, reason, data))
    return this.#parse('AnulacionDocumento', () => parseReply(raw, 'AnulacionDocumento'))
  }

  async descargaXml(tokens: HkaTokens, data: DocumentData): Promise<DescargaReply> {
    const raw = await this.#call('DescargaXML', documentRequest('DescargaXML', tokens, data))
    return this.#parse('DescargaXML', () => parseDescargaReply(raw, 'DescargaXML'))
  }

  async descargaPdf(
    tokens: HkaTokens,
    data: DocumentData,
    serialDispositivo?: string
  ): Promise<DescargaReply> {
    const raw = await this.#call('DescargaPDF', descargaPdfRequest(tokens, data, serialDispositivo))
    return this.#parse('DescargaPDF', () => parseDescargaReply(raw, 'DescargaPDF'))
  }

  async foliosRestantes(tokens: HkaTokens): Promise<FoliosReply> {
    const raw = await this.#call('FoliosRestantes', foliosRequest(tokens))
    return this.#parse('FoliosRestantes', () => parseFoliosReply(raw))
  }

  async envioCorreo(tokens: HkaTokens, data: DocumentData, email: string): Promise<HkaReply> {
    const raw = await this.#call('EnvioCorreo', envioCorreoRequest(tokens, data, email))
    return this.#parse('EnvioCorreo', () => parseReply(raw, 'EnvioCorreo'))
  }

  async rastreoCorreo(tokens: HkaTokens, cufe: string): Promise<RastreoReply> {
    const raw = await this.#call('RastreoCorreo', rastreoRequest(tokens, cufe))
    return this.#parse('RastreoCorreo', () => parseRastreoReply(raw))
  }

  async consultarRucDv(tokens: HkaTokens, taxpayerType: '1' | '2', ruc: string): Promise<RucReply> {
    const raw = await this.#call('ConsultarRucDV', consultarRucRequest(tokens, taxpayerType, ruc))
    return this.#parse('ConsultarRucDV', () => parseRucReply(raw))
  }

  /** Drops the client and closes idle sockets. Idempotent; a later call reopens them. */
  async close(): Promise<void> {
    this.#closed = true
    this.#client = undefined
    this.#httpAgent.destroy()
    this.#httpsAgent.destroy()
  }

  #requestOptions() {
    return { timeout: this.timeoutMs, httpAgent: this.#httpAgent, httpsAgent: this.#httpsAgent }
  }

  #clientFor(): Promise<soap.Client> {
    if (this.#closed) {
      this.#closed = false
      this.#httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
      this.#httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })
    }
    if (!this.#client) {
      const created = loadSoap().then((library) =>
        library.createClientAsync(WSDL_FILE, { endpoint: this.url }, this.url)
      )
      created.catch(() => {
        if (this.#client === created) this.#client = undefined
      })
      this.#client = created
    }
    return this.#client
  }

  async #call(operation: HkaOperation, request: string): Promise<string> {
    try {
      const client = await this.#clientFor()
      const method = client[`${operation}Async`] as (
        args: unknown,
        options: unknown
      ) => Promise<[unknown, unknown]>
      const [, rawResponse] = await method({ _xml: request }, this.#requestOptions())
      if (typeof rawResponse !== 'string' || rawResponse.trim() === '') {
        throw new HkaReplyError('empty reply', 'bad_reply')
      }
      return rawResponse
    } catch (error) {
      // node-soap fails a call whose reply it cannot map onto the WSDL, and
      // WCF answers faults with HTTP 500: the body is still HKA's answer.
      const salvaged = salvageBody(error)
      if (salvaged) return salvaged
      throw transportError(error, `${operation} ${this.url}`)
    }
  }

  #parse<T>(operation: HkaOperation, parse: () => T): T {
    try {
      return parse()
    } catch (error) {
      const detail = error instanceof HkaReplyError ? ` ${error.message}` : ''
      throw transportError(error, `${operation} ${this.url}${detail}`)
    }
  }
}
