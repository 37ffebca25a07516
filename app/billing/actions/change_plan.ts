import type Stripe from 'stripe'
import type Tenant from '#tenancy/models/tenant'
import type { AuditActor } from '#accounts/audit/audit_service'
import type Plan from '#billing/models/plan'
import { BillingException } from '#billing/errors'
import { billingAccountOf } from '#billing/billing_account'
import { ensureStripePrice } from '#billing/stripe/stripe_price'
import { hasLiveSubscription } from '#billing/actions/checkout'
import { syncSubscription } from '#billing/actions/sync_subscription'
import { assertPlanFits } from '#billing/usage/limits'

/**
 * Moves a live subscription to another plan's price (Stripe prorates the
 * difference on the next invoice) and applies the result at once; the
 * `customer.subscription.updated` webhook that follows finds nothing left
 * to change. A company without a live subscription goes through Checkout.
 */
export async function changePlan(client: Stripe, tenant: Tenant, plan: Plan, actor: AuditActor) {
  const account = await billingAccountOf(tenant)
  if (!hasLiveSubscription(account)) throw new BillingException('billing.errors.no_subscription')
  if (plan.code === tenant.planCode) throw new BillingException('billing.errors.same_plan')
  await assertPlanFits(plan)
  const subscription = await client.subscriptions.retrieve(account.stripeSubscriptionId!)
  const price = await ensureStripePrice(client, plan)
  const updated = await client.subscriptions.update(subscription.id, {
    items: [{ id: subscription.items.data[0].id, price }],
    proration_behavior: 'create_prorations',
    metadata: { tenant_id: String(tenant.id), plan_code: plan.code },
  })
  return syncSubscription(client, tenant, updated.id, actor)
}
