import type { HttpContext } from '@adonisjs/core/http'

/**
 * Requests made by programs, not browsers: the REST API (a bearer token
 * authenticates them) and the payment provider's webhooks (a signature
 * does). They carry no session cookie, send no CSRF token and read no
 * flash message, so the page middleware skips them
 * (app/core/middleware/page_session_middleware.ts and
 * page_shield_middleware.ts): without that, every API call would create a
 * session, mint a CSRF secret, write both to Redis and answer with two
 * Set-Cookie headers nobody reads. The API's reference page
 * (/api/docs) is a page and keeps all of it.
 */
const MACHINE_PREFIXES = ['/api/v1/', '/webhooks/']

export function isMachineRequest(ctx: HttpContext) {
  const path = ctx.request.url()
  return MACHINE_PREFIXES.some((prefix) => path.startsWith(prefix))
}
