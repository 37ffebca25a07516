import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Headers shield does not set, on every response:
 * - `Referrer-Policy: strict-origin-when-cross-origin`: another site sees
 *   at most our origin, never a path (document ids, reset tokens in
 *   /reset-password/…).
 * - `Cache-Control: no-store` on whatever a signed-in user received (pages,
 *   JSON, XML/PDF/CSV/XLSX downloads, error pages), so neither a shared
 *   computer's browser cache nor a proxy keeps a company's data after the
 *   session ends.
 */
export default class SecurityHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('Referrer-Policy', 'strict-origin-when-cross-origin')
    await next()
    const guard = ctx.auth?.use('web')
    if (guard?.isAuthenticated || guard?.isLoggedOut) {
      ctx.response.header('Cache-Control', 'no-store')
    }
  }
}
