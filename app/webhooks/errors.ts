import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

export type WebhookProblem = 'replay_disabled'

/**
 * A webhook request the company cannot do now (replaying on a disabled
 * endpoint): back to the page with the reason, in the user's language
 * (`webhooks.errors.<problem>`), or that reason as JSON for a client that
 * asks for it (the REST API). Nothing changed.
 */
export class WebhookException extends Exception {
  static code = 'E_WEBHOOK'

  constructor(
    readonly problem: WebhookProblem,
    status = 422
  ) {
    super(`Webhook request refused: ${problem}`, { status, code: 'E_WEBHOOK' })
  }

  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t(`webhooks.errors.${error.problem}`)
    if (ctx.request.accepts(['html', 'json']) === 'json' && !ctx.request.header('x-inertia')) {
      return ctx.response
        .status(error.status)
        .send({ errors: [{ field: null, message, rule: error.problem }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}
