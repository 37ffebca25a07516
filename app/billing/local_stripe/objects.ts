/*
|--------------------------------------------------------------------------
| Object shapes of the local Stripe stand-in
|--------------------------------------------------------------------------
|
| Each object the stand-in returns is a `Pick` of the official SDK's type
| (stripe v23, API version Stripe.API_VERSION): the fields it fills are
| exactly Stripe's, name for name and type for type, so TypeScript checks
| the stand-in against the SDK and Facturo's code reads the same fields it
| would read from Stripe. Fields Stripe returns and Facturo never reads
| are left out; docs/billing.md lists what the stand-in covers.
|
*/
import type Stripe from 'stripe'

export type LocalCustomer = Pick<
  Stripe.Customer,
  | 'id'
  | 'object'
  | 'created'
  | 'email'
  | 'name'
  | 'description'
  | 'metadata'
  | 'livemode'
  | 'balance'
  | 'currency'
  | 'default_source'
  | 'delinquent'
  | 'invoice_settings'
  | 'shipping'
>

export type LocalProduct = Pick<
  Stripe.Product,
  'id' | 'object' | 'active' | 'created' | 'name' | 'livemode' | 'metadata' | 'updated'
>

export type LocalPrice = Pick<
  Stripe.Price,
  | 'id'
  | 'object'
  | 'active'
  | 'created'
  | 'currency'
  | 'unit_amount'
  | 'lookup_key'
  | 'livemode'
  | 'metadata'
  | 'nickname'
  | 'product'
  | 'type'
  | 'billing_scheme'
> & {
  recurring: Pick<Stripe.Price.Recurring, 'interval' | 'interval_count' | 'usage_type'> | null
}

export type LocalSubscriptionItem = Pick<
  Stripe.SubscriptionItem,
  | 'id'
  | 'object'
  | 'created'
  | 'metadata'
  | 'quantity'
  | 'subscription'
  | 'current_period_start'
  | 'current_period_end'
> & { price: LocalPrice }

export type LocalSubscription = Pick<
  Stripe.Subscription,
  | 'id'
  | 'object'
  | 'created'
  | 'customer'
  | 'status'
  | 'metadata'
  | 'livemode'
  | 'currency'
  | 'cancel_at_period_end'
  | 'cancel_at'
  | 'canceled_at'
  | 'ended_at'
  | 'start_date'
  | 'billing_cycle_anchor'
  | 'collection_method'
  | 'latest_invoice'
> & {
  items: { object: 'list'; data: LocalSubscriptionItem[]; has_more: boolean; url: string }
}

export type LocalInvoice = Pick<
  Stripe.Invoice,
  | 'object'
  | 'created'
  | 'customer'
  | 'status'
  | 'currency'
  | 'amount_due'
  | 'amount_paid'
  | 'amount_remaining'
  | 'attempt_count'
  | 'attempted'
  | 'billing_reason'
  | 'hosted_invoice_url'
  | 'livemode'
  | 'metadata'
  | 'next_payment_attempt'
  | 'number'
  | 'period_start'
  | 'period_end'
  | 'status_transitions'
  | 'subtotal'
  | 'total'
> & {
  // Preview invoices have no id, as in Stripe.
  id?: string
  parent: {
    type: 'subscription_details'
    quote_details: null
    subscription_details: Pick<
      Stripe.Invoice.Parent.SubscriptionDetails,
      'subscription' | 'metadata'
    >
  }
}

export type LocalCheckoutSession = Pick<
  Stripe.Checkout.Session,
  | 'id'
  | 'object'
  | 'created'
  | 'expires_at'
  | 'mode'
  | 'status'
  | 'payment_status'
  | 'customer'
  | 'customer_email'
  | 'client_reference_id'
  | 'subscription'
  | 'success_url'
  | 'cancel_url'
  | 'url'
  | 'metadata'
  | 'livemode'
  | 'currency'
  | 'amount_total'
  | 'amount_subtotal'
  | 'locale'
>

export type LocalPortalSession = Pick<
  Stripe.BillingPortal.Session,
  | 'id'
  | 'object'
  | 'created'
  | 'customer'
  | 'return_url'
  | 'url'
  | 'livemode'
  | 'locale'
  | 'configuration'
  | 'flow'
  | 'on_behalf_of'
>

export type LocalEventObject =
  | LocalCustomer
  | LocalSubscription
  | LocalInvoice
  | LocalCheckoutSession

export type LocalEvent = Pick<
  Stripe.Event,
  'id' | 'object' | 'api_version' | 'created' | 'livemode' | 'pending_webhooks'
> & {
  type: Stripe.Event.Type
  data: { object: LocalEventObject; previous_attributes?: Record<string, unknown> }
  request: { id: string | null; idempotency_key: string | null } | null
}

/** A Stripe API error body: `{ error: { type, message, … } }`. */
export class LocalStripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'card_error' | 'api_error' | 'idempotency_error',
    message: string,
    readonly param?: string,
    readonly code?: string
  ) {
    super(message)
  }

  get body() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        ...(this.code ? { code: this.code } : {}),
      },
    }
  }
}

export function missing(resource: string, id: string, param = 'id') {
  return new LocalStripeError(
    404,
    'invalid_request_error',
    `No such ${resource}: '${id}'`,
    param,
    'resource_missing'
  )
}
