import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import Plan from '#billing/models/plan'
import { StripeService } from '#billing/stripe/stripe_service'
import { planChoiceValidator } from '#billing/validators'
import { BillingException } from '#billing/errors'
import { toPlanDto } from '#billing/dtos/plan_dto'
import { billingPageFor } from '#billing/actions/billing_page'
import { completeCheckoutReturn, openPortal, startCheckout } from '#billing/actions/checkout'
import { changePlan } from '#billing/actions/change_plan'
import { redirectAway, returnBaseOf } from '#billing/http'

/**
 * The owner's billing page: plan, usage against its limits, subscription
 * and payment state, next invoice, the organisation's join code, and the
 * ways to pay (Checkout), change plan and manage cards and invoices (the
 * Customer Portal). Runs in the company's tenant context; only members
 * with `billing.manage` (owners) reach it.
 */
@inject()
export default class BillingController {
  constructor(protected stripe: StripeService) {}

  async show({ inertia, tenant, i18n, request }: HttpContext) {
    return inertia.render('billing/show', {
      billing: await billingPageFor(this.stripe, tenant!, i18n.locale),
      checkoutCancelled: request.input('checkout') === 'cancelled',
    })
  }

  async #chosenPlan(ctx: HttpContext) {
    const { plan: code } = await ctx.request.validateUsing(planChoiceValidator)
    const plan = await Plan.forSale().where('code', code).first()
    if (!plan) throw new BillingException('billing.errors.unknown_plan')
    return plan
  }

  async checkout(ctx: HttpContext) {
    const plan = await this.#chosenPlan(ctx)
    const url = await startCheckout(
      this.stripe.clientOrFail(),
      ctx.tenant!,
      {
        plan,
        returnBase: returnBaseOf(ctx),
        locale: ctx.i18n.locale,
        email: ctx.auth.user!.email,
      },
      ctx
    )
    return redirectAway(ctx, url)
  }

  /** Back from Checkout: applies the session's subscription (if the webhook has not already). */
  async return(ctx: HttpContext) {
    const { request, session, response, i18n, tenant, auth } = ctx
    const { completed } = await completeCheckoutReturn(
      this.stripe.clientOrFail(),
      tenant!,
      String(request.input('session_id') ?? ''),
      { tenantId: tenant!.id, userId: auth.user?.id ?? null, ip: request.ip() }
    )
    session.flash(
      completed ? 'success' : 'error',
      i18n.t(completed ? 'billing.flash.paid' : 'billing.flash.checkout_pending')
    )
    return response.redirect().toRoute('app.billing.show')
  }

  async changePlan(ctx: HttpContext) {
    const plan = await this.#chosenPlan(ctx)
    await changePlan(this.stripe.clientOrFail(), ctx.tenant!, plan, {
      tenantId: ctx.tenant!.id,
      userId: ctx.auth.user?.id ?? null,
      ip: ctx.request.ip(),
      userAgent: ctx.request.header('user-agent') ?? null,
    })
    ctx.session.flash(
      'success',
      ctx.i18n.t('billing.flash.plan_changed', { plan: toPlanDto(plan, ctx.i18n.locale).name })
    )
    return ctx.response.redirect().toRoute('app.billing.show')
  }

  async portal(ctx: HttpContext) {
    const url = await openPortal(this.stripe.clientOrFail(), ctx.tenant!, {
      returnBase: returnBaseOf(ctx),
      locale: ctx.i18n.locale,
    })
    return redirectAway(ctx, url)
  }
}
