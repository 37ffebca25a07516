import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

/** Props of the "too large" page (errors/too_large.vue). */
export interface TooLargePageProps {
  maxMb: number
}

/**
 * The answer to a page form (an Inertia request) whose body is over the
 * limit: plain JSON, so the page stays where it is with everything typed,
 * names the field that made it too large and says the limit.
 */
export interface TooLargeFormReply {
  tooLarge: true
  maxBytes: number
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/** "1mb" → 1048576 (the bodyparser's own notation). */
function bytesOf(limit: unknown): number {
  if (typeof limit === 'number') return limit
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(String(limit ?? '').trim())
  if (!match) return 1024 ** 2
  return Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()])
}

/** The limit that refused this request: each body type has its own (config/bodyparser.ts). */
function bodyLimitOf(ctx: HttpContext): number {
  const type = ctx.request.header('content-type') ?? ''
  const kind = type.includes('multipart/form-data')
    ? 'multipart'
    : type.includes('json')
      ? 'json'
      : 'form'
  return bytesOf(app.config.get(`bodyparser.${kind}.limit`, kind === 'multipart' ? '20mb' : '1mb'))
}

/**
 * Reads and discards what is left of a refused request body (up to 64 MB or
 * 5 s), so the client, still sending, gets to read the answer instead of a
 * reset connection.
 */
function drainRequest(ctx: HttpContext) {
  const incoming = ctx.request.request
  if (incoming.readableEnded || incoming.destroyed) return Promise.resolve()
  return new Promise<void>((resolve) => {
    let seen = 0
    const done = () => {
      clearTimeout(timer)
      incoming.off('data', count)
      resolve()
    }
    const count = (chunk: Buffer) => {
      seen += chunk.length
      if (seen > 64 * 1024 * 1024) done()
    }
    const timer = setTimeout(done, 5000)
    incoming.on('data', count)
    incoming.once('end', done)
    incoming.once('error', done)
    incoming.resume()
  })
}

/**
 * Authorization failures: ours (E_FORBIDDEN) and Bouncer's
 * (E_AUTHORIZATION_FAILURE). A CSRF failure is also a 403 but handles
 * itself (back to the form with a message).
 */
function isAuthorizationFailure(error: unknown) {
  const code = (error as { code?: string })?.code
  return code === 'E_FORBIDDEN' || code === 'E_AUTHORIZATION_FAILURE'
}

/**
 * Errors are rendered as Inertia pages (errors/not_found, errors/forbidden,
 * errors/server_error) for browsers, and as JSON for API clients. Status
 * pages are on everywhere but in tests that assert the raw error.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  protected renderStatusPages =
    app.inProduction || app.inTest || process.env.FACTURO_STATUS_PAGES === 'true'

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { inertia }) => inertia.render('errors/forbidden', { error: error.message }),
    '404': (error, { inertia }) => inertia.render('errors/not_found', { error: error.message }),
    '500..599': (_error, { inertia }) => inertia.render('errors/server_error', {}),
  }

  async handle(error: unknown, ctx: HttpContext) {
    // A group of routes with its own error shape (the REST API) says so on the request.
    if (ctx.errorRenderer) return ctx.errorRenderer(error, ctx)
    // A body over the bodyparser limit (config/bodyparser.ts) fails before
    // the session exists, so no flash and back: a page of its own (or JSON)
    // in every environment, instead of the framework's error.
    if ((error as { status?: number })?.status === 413) {
      const maxBytes = bodyLimitOf(ctx)
      const maxMb = Math.max(1, Math.round(maxBytes / 1024 ** 2))
      await drainRequest(ctx)
      // A page form (JSON): the page keeps what was typed. An upload (multipart)
      // gets the page about the file size.
      const multipart = (ctx.request.header('content-type') ?? '').includes('multipart/')
      if (ctx.request.header('x-inertia') && !multipart) {
        return ctx.response
          .status(413)
          .send({ tooLarge: true, maxBytes } satisfies TooLargeFormReply)
      }
      if (ctx.request.accepts(['html', 'json']) === 'json') {
        return ctx.response.status(413).send({
          errors: [{ message: `Request body over ${maxMb} MB`, rule: 'too_large' }],
        })
      }
      const page = await ctx.inertia.render('errors/too_large', {
        maxMb,
      } satisfies TooLargePageProps)
      return ctx.response.status(413).send(page)
    }
    if (isAuthorizationFailure(error)) return this.renderForbidden(error as Error, ctx)
    return super.handle(error, ctx)
  }

  /**
   * A refused permission is an answer, not a bug: the app's own 403 page
   * (or JSON) in every mode. The development debug page would show source
   * code, SQL and cookies to whoever probes a forbidden URL.
   */
  async renderForbidden(error: Error, ctx: HttpContext) {
    if (ctx.request.accepts(['html', 'json']) === 'json' && !ctx.request.header('x-inertia')) {
      return ctx.response.status(403).send({ message: error.message })
    }
    const page = await ctx.inertia.render('errors/forbidden', { error: error.message })
    return ctx.response.status(403).send(page)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /**
     * Set by the first middleware of a group of routes that answers errors
     * in its own shape (the REST API): every failure of the request is
     * rendered by it instead of the pages' handling.
     */
    errorRenderer?: (error: unknown, ctx: HttpContext) => Promise<unknown>
  }
}
