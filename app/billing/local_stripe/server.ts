/*
|--------------------------------------------------------------------------
| Local Stripe stand-in: HTTP server
|--------------------------------------------------------------------------
|
| Speaks the part of Stripe's REST API Facturo calls, on a plain node:http
| server, so the official SDK reaches it through its `host`, `port` and
| `protocol` options:
|
|   POST /v1/customers                   GET|POST /v1/customers/:id
|   POST /v1/products
|   GET|POST /v1/prices                  GET /v1/prices/:id
|   POST /v1/checkout/sessions           GET /v1/checkout/sessions/:id
|   POST /v1/billing_portal/sessions
|   GET /v1/subscriptions                GET|POST|DELETE /v1/subscriptions/:id
|   POST /v1/invoices/create_preview     GET /v1/invoices[/:id]
|   GET /v1/events[/:id]
|
| Requests are form-encoded as the SDK sends them; answers are JSON in
| Stripe's shapes, errors in Stripe's `{ error: { type, message } }`
| shape. Pages a browser visits (no API key): /checkout/:id, /portal/:id,
| /invoices/:id and the status page /. The control API under /_local/
| plays the part of Stripe's test clocks (renewals, failed payments) and
| re-sends events.
|
*/
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import qs from 'qs'
import { LocalStripe, type LocalStripeOptions } from '#billing/local_stripe/local_stripe'
import { LocalStripeError } from '#billing/local_stripe/objects'
import { checkoutPage, invoicePage, portalPage, statusPage } from '#billing/local_stripe/pages'

/** The port `npm start` runs the stand-in on (STRIPE_LOCAL_URL's default). */
export const LOCAL_STRIPE_PORT = 12111

const MAX_BODY_BYTES = 256 * 1024

export interface LocalStripeServer {
  /** Base URL, e.g. http://127.0.0.1:12111 */
  url: string
  port: number
  stripe: LocalStripe
  close(): Promise<void>
}

export interface LocalStripeServerOptions
  extends Omit<LocalStripeOptions, 'publicUrl'>,
    Partial<Pick<LocalStripeOptions, 'publicUrl'>> {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
}

type Params = Record<string, any>
type Route = (match: RegExpMatchArray, params: Params) => unknown | Promise<unknown>

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES)
      throw new LocalStripeError(413, 'invalid_request_error', 'Request too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_local_${Date.now().toString(36)}`,
  })
  response.end(JSON.stringify(body))
}

function sendHtml(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  response.end(html)
}

function redirect(response: ServerResponse, location: string) {
  response.writeHead(303, { location })
  response.end()
}

/** The API routes, matched in order on `<METHOD> <path>`. */
function apiRoutes(stripe: LocalStripe): Array<[RegExp, Route]> {
  return [
    [/^POST \/v1\/customers$/, (_m, p) => stripe.createCustomer(p)],
    [/^GET \/v1\/customers\/([\w-]+)$/, (m) => stripe.retrieveCustomer(m[1])],
    [/^POST \/v1\/customers\/([\w-]+)$/, (m, p) => stripe.updateCustomer(m[1], p)],
    [/^POST \/v1\/products$/, (_m, p) => stripe.createProduct(p)],
    [/^GET \/v1\/prices$/, (_m, p) => stripe.listPrices(p)],
    [/^POST \/v1\/prices$/, (_m, p) => stripe.createPrice(p)],
    [/^GET \/v1\/prices\/([\w-]+)$/, (m) => stripe.retrievePrice(m[1])],
    [/^POST \/v1\/checkout\/sessions$/, (_m, p) => stripe.createCheckoutSession(p)],
    [/^GET \/v1\/checkout\/sessions\/([\w-]+)$/, (m) => stripe.retrieveCheckoutSession(m[1])],
    [/^POST \/v1\/billing_portal\/sessions$/, (_m, p) => stripe.createPortalSession(p)],
    [/^GET \/v1\/subscriptions$/, (_m, p) => stripe.listSubscriptions(p)],
    [/^GET \/v1\/subscriptions\/([\w-]+)$/, (m) => stripe.retrieveSubscription(m[1])],
    [/^POST \/v1\/subscriptions\/([\w-]+)$/, (m, p) => stripe.updateSubscription(m[1], p)],
    [/^DELETE \/v1\/subscriptions\/([\w-]+)$/, (m) => stripe.cancelSubscription(m[1])],
    [/^POST \/v1\/invoices\/create_preview$/, (_m, p) => stripe.previewInvoice(p)],
    [/^GET \/v1\/invoices$/, (_m, p) => stripe.listInvoices(p)],
    [/^GET \/v1\/invoices\/([\w-]+)$/, (m) => stripe.retrieveInvoice(m[1])],
    [/^GET \/v1\/events$/, (_m, p) => stripe.listEvents(p)],
    [/^GET \/v1\/events\/([\w-]+)$/, (m) => stripe.retrieveEvent(m[1])],
  ]
}

function authorized(stripe: LocalStripe, request: IncomingMessage) {
  const header = request.headers.authorization ?? ''
  const bearer = header.startsWith('Bearer ') ? header.slice(7) : null
  const basic = header.startsWith('Basic ')
    ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0]
    : null
  return (bearer ?? basic) === stripe.secretKey
}

async function handleApi(
  stripe: LocalStripe,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL
) {
  if (!authorized(stripe, request)) {
    throw new LocalStripeError(
      401,
      'invalid_request_error',
      'Invalid API Key provided. The local Stripe stand-in accepts only its own test key.'
    )
  }
  const method = request.method ?? 'GET'
  const body = await readBody(request)
  const params: Params =
    method === 'GET' || method === 'DELETE'
      ? qs.parse(url.search.slice(1), { depth: 10 })
      : qs.parse(body, { depth: 10 })
  const key =
    method === 'POST' ? (request.headers['idempotency-key'] as string | undefined) : undefined
  const replay = stripe.idempotentReply(key)
  if (replay) return sendJson(response, replay.status, replay.body)

  const signature = `${method} ${url.pathname}`
  for (const [pattern, route] of apiRoutes(stripe)) {
    const match = signature.match(pattern)
    if (!match) continue
    const result = await route(match, params)
    stripe.rememberReply(key, { status: 200, body: result })
    return sendJson(response, 200, result)
  }
  throw new LocalStripeError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${url.pathname}). The local Stripe stand-in answers only the endpoints Facturo calls (docs/billing.md).`
  )
}

async function handlePage(
  stripe: LocalStripe,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL
) {
  const method = request.method ?? 'GET'
  const path = url.pathname
  const form = method === 'POST' ? (qs.parse(await readBody(request)) as Params) : {}
  let match: RegExpMatchArray | null

  if (method === 'GET' && path === '/') return sendHtml(response, 200, statusPage(stripe))
  if (method === 'GET' && path === '/_local/state')
    return sendJson(response, 200, stripe.snapshot())

  if ((match = path.match(/^\/checkout\/([\w-]+)$/)) && method === 'GET') {
    return sendHtml(response, 200, checkoutPage(stripe, match[1]))
  }
  if ((match = path.match(/^\/checkout\/([\w-]+)\/pay$/)) && method === 'POST') {
    try {
      const next = await stripe.completeCheckout(match[1], {
        email: form.email,
        card: String(form.card ?? ''),
      })
      return redirect(response, next)
    } catch (error) {
      if (error instanceof LocalStripeError && error.type === 'card_error') {
        return sendHtml(response, 402, checkoutPage(stripe, match[1], error.message))
      }
      throw error
    }
  }
  if ((match = path.match(/^\/checkout\/([\w-]+)\/cancel$/)) && method === 'POST') {
    return redirect(response, stripe.cancelCheckoutUrl(match[1]))
  }

  if ((match = path.match(/^\/portal\/([\w-]+)$/)) && method === 'GET') {
    return sendHtml(response, 200, portalPage(stripe, match[1]))
  }
  match = path.match(
    /^\/portal\/([\w-]+)\/(subscriptions|invoices)\/([\w-]+)\/(cancel|resume|pay)$/
  )
  if (match && method === 'POST') {
    const [, sessionId, kind, id, action] = match
    const { customer } = stripe.portalSummary(sessionId)
    if (kind === 'subscriptions') {
      // A portal session acts only on its own customer's subscriptions.
      if (stripe.retrieveSubscription(id).customer !== customer.id) {
        throw new LocalStripeError(404, 'invalid_request_error', `No such subscription: '${id}'`)
      }
      await stripe.setCancelAtPeriodEnd(id, action === 'cancel')
    } else {
      if (stripe.retrieveInvoice(id).customer !== customer.id) {
        throw new LocalStripeError(404, 'invalid_request_error', `No such invoice: '${id}'`)
      }
      await stripe.payInvoice(id)
    }
    return redirect(response, `/portal/${sessionId}`)
  }

  if ((match = path.match(/^\/invoices\/([\w-]+)$/)) && method === 'GET') {
    return sendHtml(response, 200, invoicePage(stripe, match[1]))
  }

  // Control API: what Stripe's test clocks and the dashboard's "resend" do.
  const wantsHtml = (request.headers.accept ?? '').includes('text/html')
  const done = (body: unknown) =>
    wantsHtml ? redirect(response, '/') : sendJson(response, 200, body)
  if ((match = path.match(/^\/_local\/subscriptions\/([\w-]+)\/renew$/)) && method === 'POST') {
    const outcome =
      (url.searchParams.get('outcome') ?? form.outcome) === 'failed' ? 'failed' : 'paid'
    return done(await stripe.advancePeriod(match[1], outcome))
  }
  if ((match = path.match(/^\/_local\/subscriptions\/([\w-]+)\/cancel$/)) && method === 'POST') {
    return done(await stripe.cancelSubscription(match[1]))
  }
  if ((match = path.match(/^\/_local\/events\/([\w-]+)\/deliver$/)) && method === 'POST') {
    return done(await stripe.deliver(match[1]))
  }

  throw new LocalStripeError(404, 'invalid_request_error', `Not found: ${method} ${path}`)
}

/** Starts the stand-in. */
export async function startLocalStripe(
  options: LocalStripeServerOptions
): Promise<LocalStripeServer> {
  const host = options.host ?? '127.0.0.1'
  let stripe: LocalStripe | undefined
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local')
    const handler = url.pathname.startsWith('/v1/') ? handleApi : handlePage
    handler(stripe!, request, response, url).catch((error: unknown) => {
      if (response.headersSent) return response.end()
      if (error instanceof LocalStripeError) return sendJson(response, error.status, error.body)
      sendJson(response, 500, {
        error: { type: 'api_error', message: (error as Error).message ?? 'Internal error' },
      })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host}:${port}`
  stripe = new LocalStripe({ ...options, publicUrl: options.publicUrl ?? url })
  return {
    url,
    port,
    stripe,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
