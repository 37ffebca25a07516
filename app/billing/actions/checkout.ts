import db from '@adonisjs/lucid/services/db'
import type Stripe from 'stripe'
import type Tenant from '#tenancy/models/tenant'
import { TenantNotFoundException } from '#tenancy/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type Plan from '#billing/models/plan'
import type BillingAccount from '#billing/models/billing_account'
import { BillingException } from '#billing/errors'
import { billingAccountOf } from '#billing/billing_account'
import { ensureStripePrice } from '#billing/stripe/stripe_price'
import { ENDED_SUBSCRIPTION, idOf } from '#billing/actions/apply_billing_state'
import { syncSubscription } from '#billing/actions/sync_subscription'
import { assertPlanFits } from '#billing/usage/limits'

/** A subscription that still bills (anything but ended): plan changes go through it, not Checkout. */
export function hasLiveSubscription(account: BillingAccount) {
  return (
    account.stripeSubscriptionId !== null &&
    !ENDED_SUBSCRIPTION.includes(account.subscriptionStatus ?? 'canceled')
  )
}

/**
 * The company's Stripe customer, created on first need with the company's
 * identity and its tenant id in the metadata (webhooks find the company by
 * customer first, by that metadata second). The Idempotency-Key makes a
 * retried creation return the same customer.
 */
export async function ensureCustomer(client: Stripe, tenant: Tenant, email: string) {
  const account = await billingAccountOf(tenant)
  if (account.stripeCustomerId) return account.stripeCustomerId
  const customer = await client.customers.create(
    {
      email,
      name: tenant.legalName,
      metadata: { tenant_id: String(tenant.id), tax_id: tenant.taxId, country: tenant.country },
    },
    { idempotencyKey: `facturo-customer-${tenant.id}` }
  )
  return db.transaction(async (trx) => {
    const locked = await billingAccountOf(tenant, { client: trx, forUpdate: true })
    if (!locked.stripeCustomerId) {
      locked.stripeCustomerId = customer.id
      await locked.save()
    }
    return locked.stripeCustomerId!
  })
}

export interface CheckoutRequest {
  plan: Plan
  /** Scheme and host the buyer comes back to (the one they are signed in on). */
  returnBase: string
  locale: string
  email: string
}

/**
 * Opens a Stripe Checkout Session (subscription mode) for a plan and
 * returns its URL. The company comes back to /app/billing/return, where
 * the session is read back from Stripe; the webhook does the same on its
 * own, whichever arrives first.
 */
export async function startCheckout(
  client: Stripe,
  tenant: Tenant,
  request: CheckoutRequest,
  actor: HttpContext | AuditActor
) {
  const account = await billingAccountOf(tenant)
  if (hasLiveSubscription(account)) throw new BillingException('billing.errors.already_subscribed')
  await assertPlanFits(request.plan)
  const customer = await ensureCustomer(client, tenant, request.email)
  const price = await ensureStripePrice(client, request.plan)
  const reference = { tenant_id: String(tenant.id), plan_code: request.plan.code }
  const session = await client.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: String(tenant.id),
    line_items: [{ price, quantity: 1 }],
    success_url: `${request.returnBase}/app/billing/return?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${request.returnBase}/app/billing?checkout=cancelled`,
    subscription_data: { metadata: reference },
    metadata: reference,
    locale: request.locale === 'en' ? 'en' : 'es',
  })
  await audit.record(actor, 'billing.checkout_started', {
    entity: 'stripe_checkout_session',
    entityId: session.id,
    after: { plan: request.plan.code },
  })
  return session.url!
}

/** Stripe's Checkout Session ids (cs_test_…, cs_live_…). */
const SESSION_ID = /^cs_[A-Za-z0-9_]{8,200}$/

/**
 * The buyer is back from Checkout: reads the session from Stripe and, once
 * it is complete, applies its subscription. A session of another company
 * (or none at all) answers 404, as any other company's id does.
 */
export async function completeCheckoutReturn(
  client: Stripe,
  tenant: Tenant,
  sessionId: string,
  actor: HttpContext | AuditActor
) {
  if (!SESSION_ID.test(sessionId)) throw new TenantNotFoundException()
  let session: Stripe.Checkout.Session
  try {
    session = await client.checkout.sessions.retrieve(sessionId)
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw new TenantNotFoundException()
    throw error
  }
  if (session.client_reference_id !== String(tenant.id)) throw new TenantNotFoundException()
  const subscriptionId = idOf(session.subscription)
  if (session.status !== 'complete' || !subscriptionId) return { completed: false }
  const actorInfo =
    'request' in actor
      ? { userId: actor.auth?.user?.id ?? null, ip: actor.request.ip(), tenantId: tenant.id }
      : actor
  const outcome = await syncSubscription(client, tenant, subscriptionId, actorInfo)
  return { completed: true, outcome }
}

/** A Customer Portal session (cards, invoices, cancellation) for the company; returns its URL. */
export async function openPortal(
  client: Stripe,
  tenant: Tenant,
  request: { returnBase: string; locale: string }
) {
  const account = await billingAccountOf(tenant)
  if (!account.stripeCustomerId) throw new BillingException('billing.errors.no_customer')
  const session = await client.billingPortal.sessions.create({
    customer: account.stripeCustomerId,
    return_url: `${request.returnBase}/app/billing`,
    locale: request.locale === 'en' ? 'en' : 'es',
  })
  return session.url
}
