/*
|--------------------------------------------------------------------------
| SRI simulator server
|--------------------------------------------------------------------------
|
| A local stand-in for SRI's offline web services, speaking the same SOAP
| operations, namespaces and reply shapes (node-soap on a plain node:http
| server, with Facturo's own WSDL files in ./wsdl):
|
|   <url>/comprobantes-electronicos-ws/RecepcionComprobantesOffline[?wsdl]
|   <url>/comprobantes-electronicos-ws/AutorizacionComprobantesOffline[?wsdl]
|
| plus a JSON control API for tests and demos (listed above handleControl
| below) and a status page at <url>/.
|
| Faults are applied in front of node-soap: the request body is read first
| so per-clave faults know the clave, then handed to node-soap unchanged.
|
*/
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as soap from 'soap'
import {
  CONTROL_PATH,
  SimulatorInputError,
  applyTransportFaults,
  handleControl,
  listenHttp,
  nonNegativeInteger,
  readBody,
  routeSimulator,
  sendJson,
} from '#adapters/core/simulator/kit'
import {
  SRI_FAULT_MODES,
  SriFaultBook,
  type ActiveFault,
  type SriFaultInput,
  type SriService,
} from '#adapters/ecuador_sri/simulator/faults'
import {
  DEFAULT_LEDGER_OPTIONS,
  SriLedger,
  type SimulatedDocument,
  type SriLedgerOptions,
} from '#adapters/ecuador_sri/simulator/sri_ledger'
import { renderStatusPage } from '#adapters/ecuador_sri/simulator/status_page'

export const RECEPTION_PATH = '/comprobantes-electronicos-ws/RecepcionComprobantesOffline'
export const AUTHORIZATION_PATH = '/comprobantes-electronicos-ws/AutorizacionComprobantesOffline'
export { CONTROL_PATH }

/** Largest request accepted: a 320 KB comprobante in base64 inside an envelope, with room to spare. */
const MAX_BODY_BYTES = 2 * 1024 * 1024

export interface SriSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Polls answered EN PROCESO before the decision (default 0: the first poll decides). */
  authorizeAfterPolls?: number
  /** Minimum ms between recepción and the decision (default 0). */
  authorizeAfterMs?: number
  /** fechaAutorizacion format (default 'iso'). */
  dateFormat?: SriLedgerOptions['dateFormat']
}

export interface SriSimulator {
  /** Base URL, e.g. http://127.0.0.1:3401 */
  url: string
  /** Service URLs (append ?wsdl for the WSDL). */
  receptionUrl: string
  authorizationUrl: string
  /** Turns a fault on for the run or for one clave (replaces an equal one). */
  setFault(fault: SriFaultInput): ActiveFault
  /** Clears every fault, or those of one clave. */
  clearFaults(accessKey?: string): void
  /** Faults currently active. */
  readonly faults: ActiveFault[]
  /** Changes the decision delay or date format at run time. */
  configure(options: Partial<SriLedgerOptions>): SriLedgerOptions
  /** Every clave received and its status, newest first. */
  readonly state: SimulatedDocument[]
  /** Requests served per service: WSDL downloads and SOAP calls (faulted ones included). */
  readonly stats: SimulatorStats
  /** Forgets every document and fault. */
  reset(): void
  close(): Promise<void>
}

export interface SimulatorStats {
  wsdl: Record<SriService, number>
  calls: Record<SriService, number>
}

async function loadWsdl(name: string, location: string) {
  const text = await readFile(new URL(`./wsdl/${name}.wsdl`, import.meta.url), 'utf8')
  return text.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${location}$2`)
}

/** The clave a SOAP request is about, read cheaply (the full parse happens in node-soap). */
function accessKeyOf(service: SriService, body: string): string | undefined {
  if (service === 'authorization') {
    return /<(?:[\w.-]+:)?claveAccesoComprobante[^>]*>\s*(\d+)\s*</.exec(body)?.[1]
  }
  const payload = /<(?:[\w.-]+:)?xml(?:\s[^>]*)?>([^<]*)</.exec(body)?.[1]
  if (!payload) return undefined
  const xml = Buffer.from(payload.replace(/\s+/g, ''), 'base64').toString('utf8')
  return /<claveAcceso>\s*(\d+)\s*<\/claveAcceso>/.exec(xml)?.[1]
}

/**
 * Starts the simulator and resolves once it listens.
 *
 * Used in-process by tests (port 0) and by `node ace tax:simulator EC`.
 */
export async function startSriSimulator(options: SriSimulatorOptions = {}): Promise<SriSimulator> {
  const host = options.host ?? '127.0.0.1'
  const faults = new SriFaultBook()
  const ledger = new SriLedger(faults, {
    ...DEFAULT_LEDGER_OPTIONS,
    authorizeAfterPolls: options.authorizeAfterPolls ?? DEFAULT_LEDGER_OPTIONS.authorizeAfterPolls,
    authorizeAfterMs: options.authorizeAfterMs ?? DEFAULT_LEDGER_OPTIONS.authorizeAfterMs,
    dateFormat: options.dateFormat ?? DEFAULT_LEDGER_OPTIONS.dateFormat,
  })

  const stats: SimulatorStats = {
    wsdl: { reception: 0, authorization: 0 },
    calls: { reception: 0, authorization: 0 },
  }
  const { server, url, close } = await listenHttp(options.port ?? 0, host)
  const receptionUrl = `${url}${RECEPTION_PATH}`
  const authorizationUrl = `${url}${AUTHORIZATION_PATH}`

  // node-soap chains onto the server's existing "request" listeners; this
  // fallback is what it calls for paths it does not own (never reached in
  // practice, because the front handler below routes first).
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    sendJson(response, 404, { error: 'not found' })
  })

  const listen = (path: string, services: soap.IServices, xml: string) =>
    new Promise<void>((resolve, reject) => {
      soap.listen(server, path, services, xml, (error: unknown) =>
        error ? reject(error) : resolve()
      )
    })

  await listen(
    RECEPTION_PATH,
    {
      RecepcionComprobantesOfflineService: {
        RecepcionComprobantesOfflinePort: {
          validarComprobante: (args: { xml?: unknown }) => ledger.receive(args?.xml),
        },
      },
    },
    await loadWsdl('RecepcionComprobantesOffline', receptionUrl)
  )
  await listen(
    AUTHORIZATION_PATH,
    {
      AutorizacionComprobantesOfflineService: {
        AutorizacionComprobantesOfflinePort: {
          autorizacionComprobante: (args: { claveAccesoComprobante?: unknown }) =>
            ledger.authorize(args?.claveAccesoComprobante),
          // Batch mode is not used by Facturo; answer like SRI does for an unknown lote.
          autorizacionComprobanteLote: (args: { claveAccesoLote?: unknown }) => ({
            RespuestaAutorizacionLote: {
              claveAccesoLoteConsultada: String(args?.claveAccesoLote ?? ''),
              numeroComprobantesLote: '0',
              autorizaciones: {},
            },
          }),
        },
      },
    },
    await loadWsdl('AutorizacionComprobantesOffline', authorizationUrl)
  )

  // Take node-soap's chained listener and put the fault/control front in charge.
  const soapListeners = server.listeners('request') as Array<
    (request: IncomingMessage, response: ServerResponse) => void
  >
  server.removeAllListeners('request')

  const simulator: SriSimulator = {
    url,
    receptionUrl,
    authorizationUrl,
    setFault: (fault) => faults.set(fault),
    clearFaults: (accessKey) => faults.clear(accessKey ? { accessKey } : {}),
    get faults() {
      return faults.list()
    },
    configure(changes) {
      if (changes.authorizeAfterPolls !== undefined) {
        ledger.options.authorizeAfterPolls = changes.authorizeAfterPolls
      }
      if (changes.authorizeAfterMs !== undefined) {
        ledger.options.authorizeAfterMs = changes.authorizeAfterMs
      }
      if (changes.dateFormat !== undefined) ledger.options.dateFormat = changes.dateFormat
      return { ...ledger.options }
    },
    get state() {
      return ledger.list()
    },
    get stats() {
      return { wsdl: { ...stats.wsdl }, calls: { ...stats.calls } }
    },
    reset() {
      faults.clear()
      ledger.reset()
      for (const counter of [stats.wsdl, stats.calls]) {
        counter.reception = 0
        counter.authorization = 0
      }
    },
    close,
  }

  const serviceOf = (pathname: string): SriService | undefined => {
    const path = pathname.replace(/\/+$/, '')
    if (path === RECEPTION_PATH) return 'reception'
    if (path === AUTHORIZATION_PATH) return 'authorization'
    return undefined
  }

  const handleSoap = async (
    service: SriService,
    request: IncomingMessage & { body?: Buffer },
    response: ServerResponse
  ) => {
    let accessKey: string | undefined
    if (request.method === 'POST') {
      const body = await readBody(request, MAX_BODY_BYTES)
      request.body = body
      accessKey = accessKeyOf(service, body.toString('utf8'))
      stats.calls[service] += 1
    } else if (request.method === 'GET') {
      stats.wsdl[service] += 1
    }
    // A WSDL download carries no clave, so only whole-run faults reach it (like an outage).
    const take = (mode: 'down' | 'slow' | 'http500') => faults.take(mode, service, accessKey)
    if (await applyTransportFaults(take, request, response)) return
    for (const listener of soapListeners) listener.call(server, request, response)
  }

  routeSimulator(server, url, {
    control: (route, request, response) =>
      handleControl(
        {
          state: () => ({
            documents: simulator.state,
            faults: simulator.faults,
            options: simulator.configure({}),
            modes: SRI_FAULT_MODES,
          }),
          setFault: (input) => simulator.setFault(input as unknown as SriFaultInput),
          clearFaults: (accessKey) => simulator.clearFaults(accessKey),
          get faults() {
            return simulator.faults
          },
          configure: (input) => simulator.configure(parseOptions(input)),
          reset: () => {
            simulator.reset()
            return { documents: [], faults: [] }
          },
        },
        { keyName: 'accessKey' },
        route,
        request,
        response
      ),
    statusPage: () =>
      renderStatusPage({
        url,
        receptionUrl,
        authorizationUrl,
        options: ledger.options,
        faults: faults.list(),
        documents: ledger.list().slice(0, 100),
      }),
    service: (pathname) => {
      const service = serviceOf(pathname)
      return service && ((request, response) => handleSoap(service, request, response))
    },
  })

  return simulator
}

/*
|--------------------------------------------------------------------------
| Control API (JSON)
|--------------------------------------------------------------------------
|
|   GET    /__control/state              { documents, faults, options }
|   POST   /__control/fault              body SriFaultInput → 201 { fault }
|   DELETE /__control/fault[?accessKey=] clears faults (all, or one clave's)
|   POST   /__control/clear              same as DELETE, body { accessKey? }
|   POST   /__control/options            body { authorizeAfterPolls?, authorizeAfterMs?, dateFormat? }
|   POST   /__control/reset              forgets documents and faults
|
| Bad input answers 400 with { error: { es, en } }.
|
*/

function parseOptions(value: Record<string, unknown>): Partial<SriLedgerOptions> {
  const options: Partial<SriLedgerOptions> = {}
  for (const name of ['authorizeAfterPolls', 'authorizeAfterMs'] as const) {
    const number = nonNegativeInteger(value[name], name)
    if (number !== undefined) options[name] = number
  }
  if (value.dateFormat !== undefined) {
    if (value.dateFormat !== 'iso' && value.dateFormat !== 'legacy') {
      throw new SimulatorInputError('dateFormat must be iso or legacy', {
        es: 'dateFormat debe ser iso o legacy.',
        en: 'dateFormat must be iso or legacy.',
      })
    }
    options.dateFormat = value.dateFormat
  }
  return options
}
