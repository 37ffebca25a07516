/*
|--------------------------------------------------------------------------
| Simulator kit
|--------------------------------------------------------------------------
|
| What every authority simulator shares, whatever protocol it speaks: a
| plain node:http server that closes its open sockets on close, bounded
| request bodies, the JSON control API's plumbing and its bilingual 400s,
| the transport faults (down, slow, http500) applied in front of the
| service, and the router that puts control, status page and service
| behind one listener. A country's simulator adds its service and its
| ledger; see adapters/<country>/simulator/server.ts.
|
*/
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const CONTROL_PATH = '/__control'

/** Bad input to a simulator's control API; answered 400 with both messages. */
export class SimulatorInputError extends Error {
  constructor(
    message: string,
    readonly messages: { es: string; en: string }
  ) {
    super(message)
  }
}

/** A control value that must be a non-negative integer, when present. */
export function nonNegativeInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SimulatorInputError(`${name} must be a non-negative integer`, {
      es: `${name} debe ser un número entero no negativo.`,
      en: `${name} must be a non-negative integer.`,
    })
  }
  return value
}

/** A fault as the control API receives it: a JSON object. */
export function faultObject(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new SimulatorInputError('fault must be a JSON object', {
      es: 'La falla debe ser un objeto JSON.',
      en: 'The fault must be a JSON object.',
    })
  }
  return input as Record<string, unknown>
}

/** A control value that must be one of `allowed`; `label` names it in a sentence. */
export function oneOf<Value extends string>(
  value: unknown,
  allowed: readonly Value[],
  label: { es: string; en: string }
): Value {
  if (!allowed.includes(value as Value)) {
    const list = allowed.join(', ')
    throw new SimulatorInputError(`${label.en} must be one of ${list}`, {
      es: `${label.es} debe ser uno de: ${list}.`,
      en: `${label.en} must be one of: ${list}.`,
    })
  }
  return value as Value
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Reads a request body, refusing one over `maxBytes` (the socket is dropped). */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        reject(new Error('request too large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** Control API bodies are small JSON objects; an empty body is `{}`. */
const CONTROL_BODY_BYTES = 256 * 1024

export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request, CONTROL_BODY_BYTES)
  const text = body.toString('utf8').trim()
  if (text === '') return {}
  try {
    const value = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {}
  throw new SimulatorInputError('body is not a JSON object', {
    es: 'El cuerpo de la solicitud no es un objeto JSON válido.',
    en: 'The request body is not a valid JSON object.',
  })
}

export function sendJson(response: ServerResponse, status: number, payload: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
  response.end(JSON.stringify(payload))
}

export function sendHtml(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
  response.end(html)
}

export interface ListeningServer {
  server: Server
  /** Base URL, e.g. http://127.0.0.1:3401 */
  url: string
  /** Stops listening and drops open connections (keep-alive clients included). */
  close(): Promise<void>
}

/** A plain HTTP server listening on `port` (0 picks a free one). */
export async function listenHttp(port: number, host: string): Promise<ListeningServer> {
  const server = http.createServer()
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const printableHost = host.includes(':') ? `[${host}]` : host
  return {
    server,
    url: `http://${printableHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/** The transport faults every simulator has, in the order they act. */
export type TransportFaultMode = 'down' | 'slow' | 'http500'

/**
 * Applies down (socket reset), slow (held reply) and http500 (an app
 * server's error page) through the simulator's own fault lookup. True
 * when the request was answered (or dropped) here.
 */
export async function applyTransportFaults(
  take: (mode: TransportFaultMode) => { delayMs?: number } | undefined,
  request: IncomingMessage,
  response: ServerResponse
): Promise<boolean> {
  if (take('down')) {
    request.socket.destroy()
    return true
  }
  const slow = take('slow')
  if (slow) await sleep(slow.delayMs ?? 0)
  if (take('http500')) {
    sendHtml(
      response,
      500,
      '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>Simulated failure (http500).</p></body></html>'
    )
    return true
  }
  return false
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>

export interface SimulatorRoutes {
  /** The control API below CONTROL_PATH; `route` is the rest of the path. */
  control(route: string, request: IncomingMessage, response: ServerResponse): Promise<void>
  /** The HTML status page served at `/`. */
  statusPage(): string
  /** The handler of the authority service at `pathname`, if there is one. */
  service(pathname: string): Handler | undefined
}

/**
 * Puts control API, status page and service behind the server's one
 * request listener; an unknown path is a 404 and an unexpected error a
 * 500 with its message (a simulator is developer tooling).
 */
export function routeSimulator(server: Server, baseUrl: string, routes: SimulatorRoutes) {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const { pathname } = new URL(request.url ?? '/', baseUrl)
    let handled: Promise<void>
    if (pathname === CONTROL_PATH || pathname.startsWith(`${CONTROL_PATH}/`)) {
      handled = routes.control(pathname.slice(CONTROL_PATH.length), request, response)
    } else if (pathname === '/' && request.method === 'GET') {
      sendHtml(response, 200, routes.statusPage())
      return
    } else {
      const service = routes.service(pathname)
      if (!service) {
        sendJson(response, 404, { error: `no service at ${pathname}` })
        return
      }
      handled = service(request, response)
    }
    handled.catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) })
      } else {
        response.destroy()
      }
    })
  })
}

/** What a simulator's standard control routes act on. */
export interface ControlTarget {
  /** GET /state */
  state(): Record<string, unknown>
  /** POST /fault */
  setFault(input: Record<string, unknown>): unknown
  /** DELETE /fault, POST /clear: all faults, or one document's (by `keyName`) */
  clearFaults(key?: string): void
  readonly faults: unknown[]
  /** POST /options: parses and applies, returns the options in force */
  configure(input: Record<string, unknown>): unknown
  /** POST /reset: answers with `reset()`'s payload */
  reset(): Record<string, unknown>
}

export interface ControlRoutes {
  /** The query/body field naming one document in /fault and /clear. */
  keyName: string
  /** More POST routes of this simulator (e.g. '/accounts'). */
  extra?: Record<string, (body: Record<string, unknown>) => [number, unknown]>
}

/**
 * The control API every simulator answers (list it in the simulator's
 * header): state, fault on/off, options and reset, plus its own POSTs.
 * Bad input answers 400 with `{ error: { es, en } }`.
 */
export async function handleControl(
  target: ControlTarget,
  routes: ControlRoutes,
  route: string,
  request: IncomingMessage,
  response: ServerResponse
) {
  const method = request.method ?? 'GET'
  const query = new URL(request.url ?? '/', 'http://simulator').searchParams
  try {
    if (route === '/state' && method === 'GET') return sendJson(response, 200, target.state())
    if (route === '/fault' && method === 'POST') {
      const fault = target.setFault(await readJsonObject(request))
      return sendJson(response, 201, { fault, faults: target.faults })
    }
    if ((route === '/fault' && method === 'DELETE') || (route === '/clear' && method === 'POST')) {
      const body = method === 'POST' ? await readJsonObject(request) : {}
      const given = query.get(routes.keyName) ?? body[routes.keyName]
      target.clearFaults(given ? String(given) : undefined)
      return sendJson(response, 200, { faults: target.faults })
    }
    if (route === '/options' && method === 'POST') {
      return sendJson(response, 200, { options: target.configure(await readJsonObject(request)) })
    }
    if (route === '/reset' && method === 'POST') return sendJson(response, 200, target.reset())
    const extra = method === 'POST' ? routes.extra?.[route] : undefined
    if (extra) {
      const [status, payload] = extra(await readJsonObject(request))
      return sendJson(response, status, payload)
    }
    return sendJson(response, 404, {
      error: {
        es: `Ruta de control desconocida: ${method} ${CONTROL_PATH}${route}`,
        en: `Unknown control route: ${method} ${CONTROL_PATH}${route}`,
      },
    })
  } catch (error) {
    if (error instanceof SimulatorInputError) {
      return sendJson(response, 400, { error: error.messages })
    }
    throw error
  }
}
