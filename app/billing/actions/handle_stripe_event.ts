/*
|--------------------------------------------------------------------------
| Stripe webhooks: inbox, idempotency and routing
|--------------------------------------------------------------------------
|
| 1. The signature is checked first (StripeService.verifyEvent, i.e.
|    `stripe.webhooks.constructEvent`); a forged or stale one is a 400.
| 2. The event id is claimed in `stripe_events` (unique): an event already
|    processed or ignored is a replay and changes nothing; one that failed
|    before is processed again (Stripe retries failed deliveries).
| 3. The event names a subscription; the company is found by its Stripe
|    customer (else by the tenant id Facturo put in the metadata), and the
|    subscription is read back from Stripe and applied
|    (sync_subscription.ts). Acting on Stripe's current state, not on the
|    event's snapshot, is what makes out-of-order delivery end right.
| 4. The outcome (processed / ignored / failed, with the error) is kept for
|    the operator (docs/billing.md, "A webhook failed").
|
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type Stripe from 'stripe'
import Tenant from '#tenancy/models/tenant'
import { withoutTenantScope } from '#tenancy/tenant_context'
import BillingAccount from '#billing/models/billing_account'
import { idOf } from '#billing/actions/apply_billing_state'
import { syncSubscription } from '#billing/actions/sync_subscription'

/** The event types Facturo acts on; any other is stored as ignored. */
export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const

/** A claim older than this is taken over (the process handling it died). */
const STALE_CLAIM_MINUTES = 5

export type EventOutcome =
  | { result: 'processed'; tenantId: number }
  | { result: 'ignored'; tenantId: number | null; reason: string }
  | { result: 'duplicate' }

interface Reference {
  subscriptionId: string | null
  customerId: string | null
  tenantId: string | null
}

/** What an event points at: its subscription, its customer, Facturo's tenant id in the metadata. */
export function referenceOf(event: Stripe.Event): Reference {
  const object = event.data.object as unknown as Record<string, any>
  switch (event.type) {
    case 'checkout.session.completed':
      return {
        subscriptionId: object.mode === 'subscription' ? idOf(object.subscription) : null,
        customerId: idOf(object.customer),
        tenantId: object.client_reference_id ?? object.metadata?.tenant_id ?? null,
      }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return {
        subscriptionId: object.id,
        customerId: idOf(object.customer),
        tenantId: object.metadata?.tenant_id ?? null,
      }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const details = object.parent?.subscription_details
      return {
        subscriptionId: idOf(details?.subscription),
        customerId: idOf(object.customer),
        tenantId: details?.metadata?.tenant_id ?? null,
      }
    }
    default:
      return { subscriptionId: null, customerId: null, tenantId: null }
  }
}

/**
 * The company an event concerns. Platform code: the event arrives before
 * any company is known, so the look-up crosses tenants on purpose. The
 * customer id decides; the metadata's tenant id is used only for a
 * company that has no customer yet.
 */
export async function tenantForReference(reference: Reference): Promise<Tenant | null> {
  if (reference.customerId) {
    const account = await withoutTenantScope(
      'a Stripe event names its company by customer id',
      () => BillingAccount.query().where('stripe_customer_id', reference.customerId!).first()
    )
    if (account) return Tenant.find(account.tenantId)
  }
  const id = Number(reference.tenantId)
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const tenant = await Tenant.find(id)
  if (!tenant) return null
  const account = await withoutTenantScope('a Stripe event may name a company not yet billed', () =>
    BillingAccount.query().where('tenant_id', id).first()
  )
  // A company already billed to another customer is not taken over by metadata.
  if (account?.stripeCustomerId && account.stripeCustomerId !== reference.customerId) return null
  return tenant
}

/** Acts on one verified event (no idempotency here: see receiveStripeEvent). */
export async function handleStripeEvent(
  client: Stripe,
  event: Stripe.Event
): Promise<Exclude<EventOutcome, { result: 'duplicate' }>> {
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type)) {
    return { result: 'ignored', tenantId: null, reason: 'event type not handled' }
  }
  const reference = referenceOf(event)
  const tenant = await tenantForReference(reference)
  if (!tenant) return { result: 'ignored', tenantId: null, reason: 'no company for this customer' }
  if (!reference.subscriptionId) {
    return { result: 'ignored', tenantId: tenant.id, reason: 'not about a subscription' }
  }
  const outcome = await syncSubscription(client, tenant, reference.subscriptionId, {
    tenantId: tenant.id,
    userAgent: `stripe-webhook ${event.type} ${event.id}`,
  })
  if (!outcome.applied) {
    return { result: 'ignored', tenantId: tenant.id, reason: outcome.skipped ?? 'not applied' }
  }
  return { result: 'processed', tenantId: tenant.id }
}

/**
 * Takes the event for processing: true for a new event, a failed one, or
 * a claim gone stale; false for a replay of one processed, ignored or
 * being processed right now.
 */
async function claim(event: Stripe.Event, payload: Record<string, unknown>) {
  const result = await db.rawQuery(
    `insert into stripe_events
       (stripe_event_id, type, livemode, stripe_created_at, status, attempts, payload, received_at)
     values (?, ?, ?, to_timestamp(?), 'processing', 1, ?::jsonb, now())
     on conflict (stripe_event_id) do update
       set status = 'processing', attempts = stripe_events.attempts + 1, received_at = now(),
           error = null
     where stripe_events.status = 'failed'
        or (stripe_events.status = 'processing'
            and stripe_events.received_at < now() - make_interval(mins => ?))
     returning id`,
    [
      event.id,
      event.type,
      event.livemode,
      event.created,
      JSON.stringify(payload),
      STALE_CLAIM_MINUTES,
    ]
  )
  return result.rows.length > 0
}

async function settle(
  eventId: string,
  values: {
    status: 'processed' | 'ignored' | 'failed'
    tenantId: number | null
    error: string | null
  }
) {
  await db
    .from('stripe_events')
    .where('stripe_event_id', eventId)
    .update({
      status: values.status,
      tenant_id: values.tenantId,
      error: values.error?.slice(0, 2000) ?? null,
      processed_at: DateTime.now().toJSDate(),
    })
}

/**
 * A verified event, processed at most once. A failure is recorded and
 * rethrown, so the endpoint answers 500 and Stripe delivers it again.
 */
export async function receiveStripeEvent(
  client: Stripe,
  event: Stripe.Event
): Promise<EventOutcome> {
  if (!(await claim(event, event as unknown as Record<string, unknown>))) {
    return { result: 'duplicate' }
  }
  try {
    const outcome = await handleStripeEvent(client, event)
    await settle(event.id, {
      status: outcome.result,
      tenantId: outcome.tenantId,
      error: outcome.result === 'ignored' ? outcome.reason : null,
    })
    return outcome
  } catch (error) {
    logger.error(
      { err: (error as Error).message, eventId: event.id, type: event.type },
      'stripe webhook failed'
    )
    await settle(event.id, {
      status: 'failed',
      tenantId: null,
      error: (error as Error).message ?? String(error),
    })
    throw error
  }
}
