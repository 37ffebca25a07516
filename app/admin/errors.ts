import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A console action that does not apply (suspending a suspended company,
 * extending a trial that is over…): a translated message, then back to
 * the page, nothing changed. Never a 500.
 */
export class AdminException extends Exception {
  static status = 422
  static code = 'E_ADMIN_RULE'

  constructor(
    readonly translationKey: string,
    readonly data: Record<string, unknown> = {}
  ) {
    super(translationKey)
  }

  async handle(error: AdminException, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, error.data)
    if (!ctx.request.header('x-inertia') && ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(422).send({ errors: [{ field: '', message, rule: 'admin' }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}
