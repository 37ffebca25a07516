import type Stripe from 'stripe'
import type Tenant from '#tenancy/models/tenant'
import type { AuditActor } from '#accounts/audit/audit_service'
import { applyBillingState, idOf, type ApplyOutcome } from '#billing/actions/apply_billing_state'

/**
 * Reads a subscription and its latest invoice back from Stripe and applies
 * them to the company (apply_billing_state.ts). Webhooks, the return from
 * Checkout and plan changes all call this, so each acts on Stripe's
 * current state rather than on whatever snapshot brought the news.
 */
export async function syncSubscription(
  client: Stripe,
  tenant: Tenant,
  subscriptionId: string,
  actor: AuditActor = {}
): Promise<ApplyOutcome> {
  const subscription = await client.subscriptions.retrieve(subscriptionId)
  const invoiceId = idOf(subscription.latest_invoice)
  const invoice = invoiceId ? await client.invoices.retrieve(invoiceId) : null
  return applyBillingState(tenant, subscription, invoice, actor)
}
