import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import type { LimitKind } from '#billing/models/limit_alert'
import type { LocalizedText } from '#billing/models/plan'
import { roleAllows } from '#accounts/roles'

/** Where a company sees its plan and changes it. */
export const BILLING_PAGE = '/app/billing'

function wantsJson(ctx: HttpContext) {
  return !ctx.request.header('x-inertia') && ctx.request.accepts(['html', 'json']) === 'json'
}

/**
 * The company's plan does not allow one more document this month, one
 * more establishment or one more user. The message (in the reader's
 * language) says the limit and the plan; pages also get a link to the
 * billing page where the plan is changed. Never a 500.
 */
export class PlanLimitException extends Exception {
  static status = 422
  static code = 'E_PLAN_LIMIT'

  constructor(
    readonly kind: LimitKind,
    readonly details: { used: number; maximum: number; planName: LocalizedText },
    /** A draft kept when issuing was refused (the issue form redirects to it). */
    readonly draftId: number | null = null
  ) {
    super(`Plan limit reached: ${kind} (${details.used}/${details.maximum})`)
  }

  withDraft(draftId: number) {
    return new PlanLimitException(this.kind, this.details, draftId)
  }

  localizedMessage(ctx: HttpContext) {
    const { used, maximum, planName } = this.details
    const plan = ctx.i18n.locale === 'en' ? planName.en : planName.es
    return ctx.i18n.t(`billing.limits.${this.kind}`, { used, maximum, plan })
  }

  async handle(error: PlanLimitException, ctx: HttpContext) {
    const message = error.localizedMessage(ctx)
    if (wantsJson(ctx)) {
      return ctx.response.status(422).send({
        errors: [{ field: '', message, rule: 'plan_limit' }],
        limit: { kind: error.kind, used: error.details.used, maximum: error.details.maximum },
        upgradeUrl: BILLING_PAGE,
        ...(error.draftId ? { draftId: error.draftId } : {}),
      })
    }
    ctx.session.flash('error', message)
    // The way out is the billing page, which only owners can open.
    if (ctx.membership && roleAllows(ctx.membership.role, 'billing.manage')) {
      ctx.session.flash('errorLink', {
        href: BILLING_PAGE,
        label: ctx.i18n.t('billing.limits.upgrade_link'),
      })
    }
    if (error.draftId) {
      return ctx.response.redirect().toRoute('app.documents.edit', { id: error.draftId })
    }
    ctx.session.flashExcept(['_csrf', 'password', 'password_confirmation'])
    return ctx.response.redirect().back()
  }
}

/**
 * A billing request that cannot go on (billing not configured, a plan not
 * for sale, a downgrade below what the company already uses): a
 * translated message, then back to the page.
 */
export class BillingException extends Exception {
  static status = 422
  static code = 'E_BILLING_RULE'

  constructor(
    readonly translationKey: string,
    readonly data: Record<string, unknown> = {}
  ) {
    super(translationKey)
  }

  async handle(error: BillingException, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, error.data)
    if (wantsJson(ctx)) {
      return ctx.response.status(422).send({ errors: [{ field: '', message, rule: 'billing' }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}
