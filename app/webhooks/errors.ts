import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

export type WebhookProblem = 'replay_disabled'

/**
 * A webhook request the company cannot do now (replaying on a disabled
 * endpoint): back to the page with the reason, in the user's language
 * (`webhooks.errors.<problem>`). Nothing changed.
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
    ctx.session.flash('error', ctx.i18n.t(`webhooks.errors.${error.problem}`))
    return ctx.response.redirect().back()
  }
}
