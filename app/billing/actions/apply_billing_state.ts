/*
|--------------------------------------------------------------------------
| Apply Stripe's billing state to a company
|--------------------------------------------------------------------------
|
| Every way Facturo learns about a subscription (a webhook, the return
| from Checkout, a plan change) ends here, with the subscription and its
| latest invoice as Stripe has them *now* (read back from Stripe, not
| taken from an event's snapshot). That makes the outcome independent of
| the order events arrive in and of how often they arrive: the final state
| is always Stripe's final state.
|
| Under the billing account's row lock it mirrors the subscription
| (status, period end, cancel at period end, latest invoice), picks the
| plan from the subscription's price, derives the company status and
| issues the organisation's join code on the first successful payment:
|
|   Stripe subscription        company status
|   active, trialing       →   ACTIVE   (also lifts a billing suspension)
|   past_due, unpaid       →   PAST_DUE (grace period starts), or stays SUSPENDED
|   canceled, inc._expired →   CANCELLED
|   paused                 →   SUSPENDED (reason "paused")
|   incomplete             →   unchanged (first payment not made yet)
|
| Suspension after the grace period is the periodic watch's job
| (watch_billing.ts). Every change is audited; e-mails go out after the
| commit.
|
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Stripe from 'stripe'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import { clock } from '#core/clock'
import billingConfig from '#config/billing'
import Plan from '#billing/models/plan'
import type BillingAccount from '#billing/models/billing_account'
import { billingAccountOf } from '#billing/billing_account'
import { announceStatusChange, setCompanyStatus, type StatusChange } from '#billing/company_status'
import { issueOrganisationCode } from '#billing/actions/organisation_code'

/** Subscriptions that are over: a newer one may replace them. */
export const ENDED_SUBSCRIPTION = ['canceled', 'incomplete_expired']

/** Suspensions billing lifts by itself once Stripe says the subscription is paid. */
const BILLING_SUSPENSIONS = ['trial_ended', 'payment_overdue', 'paused']

export interface ApplyOutcome {
  applied: boolean
  /** Why nothing was applied. */
  skipped?: 'other_customer' | 'not_current_subscription'
  status: Tenant['status']
  planCode: string
  changes: StatusChange[]
}

export function idOf(value: string | { id?: string } | null | undefined): string | null {
  if (!value) return null
  return typeof value === 'string' ? value : (value.id ?? null)
}

const LOOKUP_KEY = /^facturo_([a-z0-9_]+)_monthly$/

/**
 * The plan a subscription is for: by the price id set on the plan, else
 * by the price's lookup key (facturo_<code>_monthly, remembering the id
 * on the plan), else by the subscription's `plan_code` metadata.
 */
export async function planForSubscription(
  subscription: Stripe.Subscription,
  trx: TransactionClientContract
): Promise<Plan | null> {
  const price = subscription.items?.data[0]?.price
  if (!price) return null
  let plan = await Plan.query({ client: trx }).where('stripe_price_id', price.id).first()
  const byKey = price.lookup_key?.match(LOOKUP_KEY)?.[1]
  if (!plan && byKey) {
    plan = await Plan.query({ client: trx }).where('code', byKey).first()
    if (plan && !plan.stripePriceId) {
      plan.stripePriceId = price.id
      await plan.save()
    }
  }
  if (!plan && subscription.metadata?.plan_code) {
    plan = await Plan.query({ client: trx }).where('code', subscription.metadata.plan_code).first()
  }
  return plan && !plan.isTrial ? plan : null
}

function toDateTime(seconds: number | null | undefined) {
  return seconds ? DateTime.fromSeconds(seconds) : null
}

/** Mirrors the latest invoice; returns the payment outcome it newly shows, if any. */
function applyInvoice(account: BillingAccount, invoice: Stripe.Invoice, now: DateTime) {
  const isNew = account.latestInvoiceId !== invoice.id
  const previous = account.paymentStatus
  account.latestInvoiceId = invoice.id ?? null
  account.latestInvoiceUrl = invoice.hosted_invoice_url ?? null
  account.latestInvoiceAmount = invoice.amount_due
  account.latestInvoiceCurrency = invoice.currency
  if (invoice.status === 'paid') {
    account.paymentStatus = 'paid'
    if (isNew || previous !== 'paid') {
      account.lastPaymentAt = toDateTime(invoice.status_transitions?.paid_at) ?? now
      return 'paid' as const
    }
  } else if (invoice.status === 'open' && invoice.attempt_count > 0) {
    account.paymentStatus = 'failed'
    if (isNew || previous !== 'failed') {
      account.lastPaymentFailedAt = now
      return 'failed' as const
    }
  }
  return null
}

/**
 * Applies `subscription` and its latest invoice (as just read from
 * Stripe) to `tenant`. Idempotent: applying the same state twice changes
 * nothing the second time.
 */
export async function applyBillingState(
  tenant: Tenant,
  subscription: Stripe.Subscription,
  invoice: Stripe.Invoice | null,
  actor: AuditActor = {}
): Promise<ApplyOutcome> {
  const outcome = await tenantContext.run(tenant, () =>
    db.transaction(async (trx) => {
      const account = await billingAccountOf(tenant, { client: trx, forUpdate: true })
      const current = await trx
        .from('tenants')
        .where('id', tenant.id)
        .select('status', 'plan_code')
        .first()
      const unchanged = (skipped: ApplyOutcome['skipped']): ApplyOutcome => ({
        applied: false,
        skipped,
        status: current.status,
        planCode: current.plan_code,
        changes: [],
      })

      const customerId = idOf(subscription.customer)
      if (account.stripeCustomerId && customerId !== account.stripeCustomerId) {
        return unchanged('other_customer')
      }
      // A company has one subscription at a time; another one takes over
      // only once the current one has ended (a new Checkout after a
      // cancellation), and an ended one never replaces a live one.
      if (account.stripeSubscriptionId && account.stripeSubscriptionId !== subscription.id) {
        const currentEnded = ENDED_SUBSCRIPTION.includes(account.subscriptionStatus ?? '')
        if (!currentEnded || ENDED_SUBSCRIPTION.includes(subscription.status)) {
          return unchanged('not_current_subscription')
        }
      }

      const now = DateTime.fromJSDate(clock.now())
      const item = subscription.items?.data[0]
      account.stripeCustomerId = customerId
      account.stripeSubscriptionId = subscription.id
      account.subscriptionStatus = subscription.status
      account.currentPeriodEnd = toDateTime(item?.current_period_end)
      account.cancelAtPeriodEnd = subscription.cancel_at_period_end
      account.syncedAt = now
      const payment = invoice ? applyInvoice(account, invoice, now) : null

      const changes: StatusChange[] = []
      const record = (change: StatusChange | null) => change && changes.push(change)
      const status = subscription.status

      if (status === 'active' || status === 'trialing') {
        const suspendedByBilling =
          current.status === 'SUSPENDED' &&
          BILLING_SUSPENSIONS.includes(account.suspendedReason ?? '')
        if (current.status !== 'SUSPENDED' || suspendedByBilling) {
          const cause = ['PAST_DUE', 'SUSPENDED'].includes(current.status)
            ? 'payment_succeeded'
            : 'subscription_active'
          record(await setCompanyStatus(trx, tenant.id, 'ACTIVE', cause, actor))
          account.pastDueSince = null
          account.graceEndsAt = null
          account.suspendedReason = null
        }
      } else if (status === 'past_due' || status === 'unpaid') {
        if (['TRIAL', 'ACTIVE', 'CANCELLED'].includes(current.status)) {
          const graceEndsAt = now.plus({ days: billingConfig.graceDays })
          account.pastDueSince = now
          account.graceEndsAt = graceEndsAt
          record(
            await setCompanyStatus(trx, tenant.id, 'PAST_DUE', 'payment_failed', actor, {
              graceEndsAt: graceEndsAt.toISODate()!,
            })
          )
        }
      } else if (ENDED_SUBSCRIPTION.includes(status)) {
        account.pastDueSince = null
        account.graceEndsAt = null
        account.suspendedReason = null
        record(await setCompanyStatus(trx, tenant.id, 'CANCELLED', 'subscription_canceled', actor))
      } else if (status === 'paused') {
        account.suspendedReason = 'paused'
        record(await setCompanyStatus(trx, tenant.id, 'SUSPENDED', 'subscription_paused', actor))
      }

      let planCode = current.plan_code as string
      const plan = ENDED_SUBSCRIPTION.includes(status)
        ? null
        : await planForSubscription(subscription, trx)
      if (plan && plan.code !== planCode) {
        await trx.from('tenants').where('id', tenant.id).update({ plan_code: plan.code })
        await audit.record(actor, 'billing.plan_changed', {
          tenantId: tenant.id,
          entity: 'tenant',
          entityId: tenant.id,
          before: { plan: planCode },
          after: { plan: plan.code, subscription: subscription.id },
          client: trx,
        })
        planCode = plan.code
      }

      if (payment) {
        await audit.record(
          actor,
          payment === 'paid' ? 'billing.payment_succeeded' : 'billing.payment_failed',
          {
            tenantId: tenant.id,
            entity: 'stripe_invoice',
            entityId: account.latestInvoiceId,
            after: {
              amount: account.latestInvoiceAmount,
              currency: account.latestInvoiceCurrency,
              subscription: subscription.id,
            },
            client: trx,
          }
        )
      }
      // The first successful payment gives the organisation its join code.
      if (account.paymentStatus === 'paid' || account.lastPaymentAt) {
        await issueOrganisationCode(trx, tenant, account)
      }
      await account.save()

      const after = await trx.from('tenants').where('id', tenant.id).select('status').first()
      return { applied: true, status: after.status, planCode, changes } satisfies ApplyOutcome
    })
  )

  for (const change of outcome.changes) await announceStatusChange(change)
  tenant.status = outcome.status
  tenant.planCode = outcome.planCode
  return outcome
}
