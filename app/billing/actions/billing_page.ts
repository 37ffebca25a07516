import logger from '@adonisjs/core/services/logger'
import type Tenant from '#tenancy/models/tenant'
import Plan from '#billing/models/plan'
import type BillingAccount from '#billing/models/billing_account'
import type { StripeService } from '#billing/stripe/stripe_service'
import { billingAccountOf } from '#billing/billing_account'
import { usageSummary } from '#billing/usage/summary'
import { periodEnd } from '#billing/usage/period'
import { toPlanDto } from '#billing/dtos/plan_dto'
import { fromCents, type BillingPageDto } from '#billing/dtos/billing_dto'
import { readOrganisationCode } from '#billing/actions/organisation_code'
import { hasLiveSubscription } from '#billing/actions/checkout'

/** What Stripe will charge next; the page still renders when Stripe cannot say. */
async function nextInvoice(stripe: StripeService, account: BillingAccount) {
  if (!stripe.client || !account.stripeSubscriptionId) return null
  try {
    const preview = await stripe.client.invoices.createPreview({
      subscription: account.stripeSubscriptionId,
    })
    return {
      amount: fromCents(preview.amount_due)!,
      currency: preview.currency.toUpperCase(),
      date: preview.next_payment_attempt
        ? new Date(preview.next_payment_attempt * 1000).toISOString()
        : null,
    }
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'next invoice preview not available')
    return null
  }
}

/**
 * Everything the billing page shows for a company (in its tenant context):
 * plan and status, usage against every limit, subscription and payment
 * state, next invoice, the organisation's join code and the plans for sale.
 */
export async function billingPageFor(
  stripe: StripeService,
  company: Tenant,
  locale: string
): Promise<BillingPageDto> {
  const account = await billingAccountOf(company)
  const summary = await usageSummary(company)
  const forSale = await Plan.forSale()
  const live = hasLiveSubscription(account)
  return {
    status: company.status,
    suspendedReason: account.suspendedReason,
    plan: toPlanDto(summary.plan, locale),
    trialEndsAt: company.status === 'TRIAL' ? (account.trialEndsAt?.toISO() ?? null) : null,
    usage: summary.usage,
    usageResetsAt: periodEnd(company.country, summary.period).toISO()!,
    subscription: account.stripeSubscriptionId
      ? {
          status: account.subscriptionStatus ?? 'unknown',
          currentPeriodEnd: account.currentPeriodEnd?.toISO() ?? null,
          cancelAtPeriodEnd: account.cancelAtPeriodEnd,
        }
      : null,
    payment: {
      status: account.paymentStatus,
      lastPaymentAt: account.lastPaymentAt?.toISO() ?? null,
      lastPaymentFailedAt: account.lastPaymentFailedAt?.toISO() ?? null,
      graceEndsAt: account.graceEndsAt?.toISO() ?? null,
      latestInvoiceUrl: account.latestInvoiceUrl,
      latestInvoiceAmount: fromCents(account.latestInvoiceAmount),
      currency: (account.latestInvoiceCurrency ?? summary.plan.currency).toUpperCase(),
    },
    nextInvoice: live && !account.cancelAtPeriodEnd ? await nextInvoice(stripe, account) : null,
    joinCode: await readOrganisationCode(account),
    plans: forSale.map((plan) => toPlanDto(plan, locale)),
    canCheckout: !live,
    canChangePlan: live,
    hasCustomer: account.stripeCustomerId !== null,
    stripeMode: stripe.mode,
  }
}
