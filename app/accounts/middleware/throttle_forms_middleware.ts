import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { formsLimiter } from '#start/limiter'

/**
 * Rate limit of public forms (see start/limiter.ts). Over the limit the
 * user goes back to the form with the wait time, not to a bare 429 page.
 */
export default class ThrottleFormsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const limiter = formsLimiter()
    const key = `forms_${ctx.route?.name ?? ctx.request.url()}_${ctx.request.ip()}`
    const allowed = await limiter.attempt(key, () => true)
    if (!allowed) {
      const seconds = Math.max(1, await limiter.availableIn(key))
      ctx.session.flashExcept(['_csrf', 'password', 'password_confirmation'])
      ctx.session.flash('error', ctx.i18n.t('accounts.throttle.forms', { seconds }))
      return ctx.response.redirect().back()
    }
    return next()
  }
}
