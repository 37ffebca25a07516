/*
|--------------------------------------------------------------------------
| Local Stripe stand-in: state and behaviour
|--------------------------------------------------------------------------
|
| The smallest Stripe Facturo needs in development and tests, kept in
| memory (and, for `node ace stripe:local`, in a JSON file under tmp/ so a
| restart keeps the subscriptions the database points at):
|
| - customers, products and prices (with lookup keys);
| - Checkout Sessions in subscription mode, completed on a local page;
| - Customer Portal sessions, with a local page to cancel at period end,
|   resume, or pay an open invoice;
| - subscriptions and their invoices, moved through renewals, failed
|   payments and cancellation by the control API (like Stripe's test clocks);
| - events, delivered to the webhook URL signed exactly as Stripe signs
|   them (the SDK's own `webhooks.generateTestHeaderString`), so Facturo's
|   production verification code is what receives them.
|
| Object shapes follow the SDK's types (./objects.ts). What it does not do
| (prorations, taxes, 3-D Secure, retries on its own) is listed in
| docs/billing.md.
|
*/
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { DateTime } from 'luxon'
import Stripe from 'stripe'
import {
  LocalStripeError,
  missing,
  type LocalCheckoutSession,
  type LocalCustomer,
  type LocalEvent,
  type LocalEventObject,
  type LocalInvoice,
  type LocalPortalSession,
  type LocalPrice,
  type LocalProduct,
  type LocalSubscription,
} from '#billing/local_stripe/objects'

export interface LocalStripeOptions {
  /** The API key clients must send (Bearer). */
  secretKey: string
  /** Secret events are signed with (whsec_…). */
  webhookSecret: string
  /** Where events are POSTed; null keeps them undelivered (listed on the status page). */
  webhookUrl: string | null
  /** Base URL of the stand-in's own pages (Checkout, Portal), as a browser reaches it. */
  publicUrl: string
  /** JSON file that keeps the state across restarts; none in tests. */
  statePath?: string | null
  /** Seconds since the epoch (tests move it). */
  now?: () => number
}

/** Test cards, as Stripe documents them: this one pays, the others are declined at checkout. */
export const SUCCESS_CARD = '4242424242424242'
export const DECLINED_CARDS: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000341': 'card_declined',
}

export interface Delivery {
  eventId: string
  type: string
  at: number
  status: number | null
  error: string | null
}

interface CheckoutExtras {
  priceId: string
  subscriptionMetadata: Record<string, string>
}

interface State {
  customers: LocalCustomer[]
  products: LocalProduct[]
  prices: LocalPrice[]
  subscriptions: LocalSubscription[]
  invoices: LocalInvoice[]
  checkoutSessions: LocalCheckoutSession[]
  checkoutExtras: Record<string, CheckoutExtras>
  portalSessions: LocalPortalSession[]
  events: LocalEvent[]
  deliveries: Delivery[]
}

type Params = Record<string, any>

function newId(prefix: string) {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`
}

function metadataOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]))
}

function byId<T extends { id?: string }>(list: T[]) {
  return new Map(list.map((item) => [item.id!, item]))
}

function addMonth(seconds: number) {
  return Math.floor(DateTime.fromSeconds(seconds, { zone: 'utc' }).plus({ months: 1 }).toSeconds())
}

export class LocalStripe {
  readonly #options: LocalStripeOptions
  #customers = new Map<string, LocalCustomer>()
  #products = new Map<string, LocalProduct>()
  #prices = new Map<string, LocalPrice>()
  #subscriptions = new Map<string, LocalSubscription>()
  #invoices = new Map<string, LocalInvoice>()
  #checkoutSessions = new Map<string, LocalCheckoutSession>()
  #checkoutExtras = new Map<string, CheckoutExtras>()
  #portalSessions = new Map<string, LocalPortalSession>()
  #events: LocalEvent[] = []
  #deliveries: Delivery[] = []
  #idempotent = new Map<string, { status: number; body: unknown }>()
  #invoiceNumber = 0

  constructor(options: LocalStripeOptions) {
    this.#options = options
    this.#load()
  }

  get secretKey() {
    return this.#options.secretKey
  }

  get publicUrl() {
    return this.#options.publicUrl.replace(/\/+$/, '')
  }

  get webhookUrl() {
    return this.#options.webhookUrl
  }

  /** Points deliveries elsewhere (tests start the stand-in before they know the app's port). */
  setWebhookUrl(url: string | null) {
    this.#options.webhookUrl = url
  }

  now() {
    return this.#options.now ? this.#options.now() : Math.floor(Date.now() / 1000)
  }

  /*
  |------------------------------------------------------------------------
  | Customers, products, prices
  |------------------------------------------------------------------------
  */

  createCustomer(params: Params): LocalCustomer {
    const customer: LocalCustomer = {
      id: newId('cus'),
      object: 'customer',
      created: this.now(),
      email: params.email ?? null,
      name: params.name ?? null,
      description: params.description ?? null,
      metadata: metadataOf(params.metadata),
      livemode: false,
      balance: 0,
      currency: null,
      default_source: null,
      delinquent: false,
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      shipping: null,
    }
    this.#customers.set(customer.id, customer)
    this.#save()
    return customer
  }

  retrieveCustomer(id: string) {
    const customer = this.#customers.get(id)
    if (!customer) throw missing('customer', id)
    return customer
  }

  updateCustomer(id: string, params: Params) {
    const customer = this.retrieveCustomer(id)
    if (params.email !== undefined) customer.email = params.email || null
    if (params.name !== undefined) customer.name = params.name || null
    if (params.metadata !== undefined) {
      customer.metadata = { ...customer.metadata, ...metadataOf(params.metadata) }
    }
    this.#save()
    return customer
  }

  createProduct(params: Params): LocalProduct {
    if (!params.name) {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Missing required param: name.',
        'name'
      )
    }
    const product: LocalProduct = {
      id: newId('prod'),
      object: 'product',
      active: params.active !== 'false',
      created: this.now(),
      updated: this.now(),
      name: String(params.name),
      livemode: false,
      metadata: metadataOf(params.metadata),
    }
    this.#products.set(product.id, product)
    this.#save()
    return product
  }

  createPrice(params: Params): LocalPrice {
    let productId: string
    if (params.product) {
      if (!this.#products.has(params.product)) throw missing('product', params.product, 'product')
      productId = params.product
    } else if (params.product_data?.name) {
      productId = this.createProduct({ name: params.product_data.name }).id
    } else {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Missing required param: product.',
        'product'
      )
    }
    const unitAmount = Number(params.unit_amount)
    if (!Number.isInteger(unitAmount) || unitAmount < 0) {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Invalid integer: unit_amount',
        'unit_amount'
      )
    }
    if (params.lookup_key && this.#priceByLookupKey(params.lookup_key)) {
      if (params.transfer_lookup_key !== 'true') {
        throw new LocalStripeError(
          400,
          'invalid_request_error',
          `A price (\`${this.#priceByLookupKey(params.lookup_key)!.id}\`) already uses that lookup key.`,
          'lookup_key'
        )
      }
      this.#priceByLookupKey(params.lookup_key)!.lookup_key = null
    }
    const price: LocalPrice = {
      id: newId('price'),
      object: 'price',
      active: true,
      created: this.now(),
      currency: String(params.currency ?? 'usd').toLowerCase(),
      unit_amount: unitAmount,
      lookup_key: params.lookup_key ?? null,
      livemode: false,
      metadata: metadataOf(params.metadata),
      nickname: params.nickname ?? null,
      product: productId,
      type: params.recurring ? 'recurring' : 'one_time',
      billing_scheme: 'per_unit',
      recurring: params.recurring
        ? {
            interval: params.recurring.interval ?? 'month',
            interval_count: Number(params.recurring.interval_count ?? 1),
            usage_type: 'licensed',
          }
        : null,
    }
    this.#prices.set(price.id, price)
    this.#save()
    return price
  }

  retrievePrice(id: string) {
    const price = this.#prices.get(id)
    if (!price) throw missing('price', id)
    return price
  }

  listPrices(params: Params) {
    const keys: string[] | null = params.lookup_keys ? [].concat(params.lookup_keys) : null
    const data = [...this.#prices.values()].filter(
      (price) =>
        (!keys || (price.lookup_key !== null && keys.includes(price.lookup_key))) &&
        (params.active === undefined || String(price.active) === String(params.active))
    )
    return this.#list(data, '/v1/prices', params.limit)
  }

  #priceByLookupKey(key: string) {
    return [...this.#prices.values()].find((price) => price.lookup_key === key)
  }

  /*
  |------------------------------------------------------------------------
  | Checkout
  |------------------------------------------------------------------------
  */

  createCheckoutSession(params: Params): LocalCheckoutSession {
    if (params.mode !== 'subscription') {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'The local Stripe stand-in only supports mode=subscription.',
        'mode'
      )
    }
    const items: Params[] = [].concat(params.line_items ?? [])
    if (items.length !== 1 || !items[0]?.price) {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Exactly one line item with a price is supported.',
        'line_items'
      )
    }
    const price = this.#prices.get(items[0].price)
    if (!price) throw missing('price', items[0].price, 'line_items[0][price]')
    if (!params.success_url) {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Missing required param: success_url.',
        'success_url'
      )
    }
    if (params.customer) this.retrieveCustomer(params.customer)

    const id = newId('cs_test')
    const session: LocalCheckoutSession = {
      id,
      object: 'checkout.session',
      created: this.now(),
      expires_at: this.now() + 24 * 3600,
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      customer: params.customer ?? null,
      customer_email: params.customer ? null : (params.customer_email ?? null),
      client_reference_id: params.client_reference_id ?? null,
      subscription: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      url: `${this.publicUrl}/checkout/${id}`,
      metadata: metadataOf(params.metadata),
      livemode: false,
      currency: price.currency,
      amount_total: price.unit_amount,
      amount_subtotal: price.unit_amount,
      locale: params.locale ?? null,
    }
    this.#checkoutSessions.set(id, session)
    this.#checkoutExtras.set(id, {
      priceId: price.id,
      subscriptionMetadata: metadataOf(params.subscription_data?.metadata),
    })
    this.#save()
    return session
  }

  retrieveCheckoutSession(id: string) {
    const session = this.#checkoutSessions.get(id)
    if (!session) throw missing('checkout.session', id)
    return session
  }

  /** What the Checkout page shows. */
  checkoutSummary(id: string) {
    const session = this.retrieveCheckoutSession(id)
    const price = this.retrievePrice(this.#checkoutExtras.get(id)!.priceId)
    const product = this.#products.get(String(price.product))
    const customer = session.customer ? this.#customers.get(String(session.customer)) : undefined
    return { session, price, product, email: customer?.email ?? session.customer_email ?? '' }
  }

  /**
   * The buyer pays on the Checkout page. A declined test card leaves the
   * session open with Stripe's error; the success card creates the
   * customer (when needed), the subscription and its paid first invoice,
   * then sends the events in Stripe's usual order. Returns the URL the
   * browser goes to next.
   */
  async completeCheckout(id: string, input: { email?: string; card: string }) {
    const session = this.retrieveCheckoutSession(id)
    if (session.status !== 'open') {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'This Checkout Session is no longer open.'
      )
    }
    const card = input.card.replace(/\D/g, '')
    if (DECLINED_CARDS[card]) {
      throw new LocalStripeError(
        402,
        'card_error',
        'Your card was declined.',
        'card',
        DECLINED_CARDS[card]
      )
    }
    if (card !== SUCCESS_CARD) {
      throw new LocalStripeError(
        402,
        'card_error',
        'Your card number is incorrect.',
        'card',
        'incorrect_number'
      )
    }

    const extras = this.#checkoutExtras.get(id)!
    const price = this.retrievePrice(extras.priceId)
    let customer = session.customer ? this.retrieveCustomer(String(session.customer)) : null
    if (!customer) {
      customer = this.createCustomer({ email: input.email || session.customer_email })
      await this.#emit('customer.created', customer)
    }

    const now = this.now()
    const subscriptionId = newId('sub')
    const end = addMonth(now)
    const subscription: LocalSubscription = {
      id: subscriptionId,
      object: 'subscription',
      created: now,
      customer: customer.id,
      status: 'active',
      metadata: extras.subscriptionMetadata,
      livemode: false,
      currency: price.currency,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      start_date: now,
      billing_cycle_anchor: now,
      collection_method: 'charge_automatically',
      latest_invoice: null,
      items: {
        object: 'list',
        data: [
          {
            id: newId('si'),
            object: 'subscription_item',
            created: now,
            metadata: {},
            quantity: 1,
            subscription: subscriptionId,
            current_period_start: now,
            current_period_end: end,
            price,
          },
        ],
        has_more: false,
        url: `/v1/subscription_items?subscription=${subscriptionId}`,
      },
    }
    const invoice = this.#newInvoice(subscription, 'subscription_create', now, end)
    invoice.status = 'paid'
    invoice.amount_paid = invoice.amount_due
    invoice.amount_remaining = 0
    invoice.attempted = true
    invoice.attempt_count = 1
    invoice.status_transitions.paid_at = now
    subscription.latest_invoice = invoice.id!
    this.#subscriptions.set(subscription.id, subscription)

    session.status = 'complete'
    session.payment_status = 'paid'
    session.customer = customer.id
    session.subscription = subscription.id
    this.#save()

    await this.#emit('customer.subscription.created', subscription)
    await this.#emit('invoice.paid', invoice)
    await this.#emit('invoice.payment_succeeded', invoice)
    await this.#emit('checkout.session.completed', session)
    return session.success_url!.replace('{CHECKOUT_SESSION_ID}', session.id)
  }

  /** The buyer leaves the Checkout page without paying. */
  cancelCheckoutUrl(id: string) {
    const session = this.retrieveCheckoutSession(id)
    return session.cancel_url ?? session.success_url ?? '/'
  }

  /*
  |------------------------------------------------------------------------
  | Customer Portal
  |------------------------------------------------------------------------
  */

  createPortalSession(params: Params): LocalPortalSession {
    if (!params.customer) {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'Missing required param: customer.',
        'customer'
      )
    }
    this.retrieveCustomer(params.customer)
    const id = newId('bps')
    const session: LocalPortalSession = {
      id,
      object: 'billing_portal.session',
      created: this.now(),
      customer: params.customer,
      return_url: params.return_url ?? null,
      url: `${this.publicUrl}/portal/${id}`,
      livemode: false,
      locale: params.locale ?? null,
      configuration: 'bpc_local',
      flow: null,
      on_behalf_of: null,
    }
    this.#portalSessions.set(id, session)
    this.#save()
    return session
  }

  /** What the Portal page shows: the customer's subscriptions and invoices. */
  portalSummary(id: string) {
    const session = this.#portalSessions.get(id)
    if (!session) throw missing('billing_portal.session', id)
    const customer = this.retrieveCustomer(session.customer)
    const subscriptions = [...this.#subscriptions.values()].filter(
      (item) => item.customer === customer.id
    )
    // Newest first; reversing first keeps same-second invoices newest first too.
    const invoices = [...this.#invoices.values()]
      .reverse()
      .filter((item) => item.customer === customer.id)
      .sort((a, b) => b.created - a.created)
    return { session, customer, subscriptions, invoices }
  }

  /** Portal: cancel at the end of the period, or undo that. */
  async setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean) {
    const subscription = this.retrieveSubscription(subscriptionId)
    if (subscription.status === 'canceled') return subscription
    const previous = {
      cancel_at_period_end: subscription.cancel_at_period_end,
      cancel_at: subscription.cancel_at,
    }
    subscription.cancel_at_period_end = cancel
    subscription.cancel_at = cancel ? subscription.items.data[0].current_period_end : null
    subscription.canceled_at = cancel ? this.now() : null
    this.#save()
    await this.#emit('customer.subscription.updated', subscription, previous)
    return subscription
  }

  /** Portal: the customer pays an open invoice with a working card. */
  async payInvoice(invoiceId: string) {
    const invoice = this.#invoices.get(invoiceId)
    if (!invoice) throw missing('invoice', invoiceId)
    if (invoice.status !== 'open') return invoice
    invoice.status = 'paid'
    invoice.amount_paid = invoice.amount_due
    invoice.amount_remaining = 0
    invoice.attempt_count += 1
    invoice.next_payment_attempt = null
    invoice.status_transitions.paid_at = this.now()
    const subscription = this.#subscriptions.get(
      String(invoice.parent.subscription_details.subscription)
    )
    this.#save()
    await this.#emit('invoice.paid', invoice)
    await this.#emit('invoice.payment_succeeded', invoice)
    if (subscription && ['past_due', 'unpaid'].includes(subscription.status)) {
      const previous = { status: subscription.status }
      subscription.status = 'active'
      this.#save()
      await this.#emit('customer.subscription.updated', subscription, previous)
    }
    return invoice
  }

  /*
  |------------------------------------------------------------------------
  | Subscriptions and invoices
  |------------------------------------------------------------------------
  */

  retrieveSubscription(id: string) {
    const subscription = this.#subscriptions.get(id)
    if (!subscription) throw missing('subscription', id)
    return subscription
  }

  listSubscriptions(params: Params) {
    const data = [...this.#subscriptions.values()].filter(
      (item) =>
        (!params.customer || item.customer === params.customer) &&
        (!params.status || params.status === 'all' || item.status === params.status)
    )
    return this.#list(data, '/v1/subscriptions', params.limit)
  }

  /** A plan change (items[0][price]), cancel at period end, or metadata. */
  async updateSubscription(id: string, params: Params) {
    const subscription = this.retrieveSubscription(id)
    if (subscription.status === 'canceled') {
      throw new LocalStripeError(
        400,
        'invalid_request_error',
        'A canceled subscription can only update its cancellation_details and metadata.'
      )
    }
    const previous: Record<string, unknown> = {}
    const items: Params[] = [].concat(params.items ?? [])
    if (items.length) {
      const change = items[0]
      const item = subscription.items.data.find((entry) => entry.id === change.id)
      if (!item) throw missing('subscription_item', String(change.id), 'items[0][id]')
      if (change.price && change.price !== item.price.id) {
        previous.items = JSON.parse(JSON.stringify(subscription.items))
        item.price = this.retrievePrice(change.price)
      }
    }
    if (params.cancel_at_period_end !== undefined) {
      const cancel = String(params.cancel_at_period_end) === 'true'
      if (cancel !== subscription.cancel_at_period_end) {
        previous.cancel_at_period_end = subscription.cancel_at_period_end
        subscription.cancel_at_period_end = cancel
        subscription.cancel_at = cancel ? subscription.items.data[0].current_period_end : null
      }
    }
    if (params.metadata !== undefined) {
      previous.metadata = { ...subscription.metadata }
      subscription.metadata = { ...subscription.metadata, ...metadataOf(params.metadata) }
    }
    this.#save()
    await this.#emit('customer.subscription.updated', subscription, previous)
    return subscription
  }

  /** Cancels at once (subscriptions.cancel). */
  async cancelSubscription(id: string) {
    const subscription = this.retrieveSubscription(id)
    if (subscription.status === 'canceled') return subscription
    const now = this.now()
    subscription.status = 'canceled'
    subscription.canceled_at = subscription.canceled_at ?? now
    subscription.ended_at = now
    this.#save()
    await this.#emit('customer.subscription.deleted', subscription)
    return subscription
  }

  /**
   * Moves a subscription to its next period, like Stripe's test clock:
   * a subscription set to cancel at period end ends (canceled, and
   * `customer.subscription.deleted`); otherwise the renewal invoice is
   * paid or fails. A failed payment leaves the invoice open and the
   * subscription past_due, as Stripe's default retry settings do.
   */
  async advancePeriod(id: string, outcome: 'paid' | 'failed' = 'paid') {
    const subscription = this.retrieveSubscription(id)
    if (subscription.status === 'canceled') return subscription
    if (subscription.cancel_at_period_end) return this.cancelSubscription(id)

    const item = subscription.items.data[0]
    const previous = {
      status: subscription.status,
      items: JSON.parse(JSON.stringify(subscription.items)),
    }
    item.current_period_start = item.current_period_end
    item.current_period_end = addMonth(item.current_period_end)
    const invoice = this.#newInvoice(
      subscription,
      'subscription_cycle',
      item.current_period_start,
      item.current_period_end
    )
    invoice.attempted = true
    invoice.attempt_count = 1
    subscription.latest_invoice = invoice.id!
    if (outcome === 'paid') {
      invoice.status = 'paid'
      invoice.amount_paid = invoice.amount_due
      invoice.amount_remaining = 0
      invoice.status_transitions.paid_at = this.now()
      if (subscription.status === 'past_due') subscription.status = 'active'
      this.#save()
      await this.#emit('invoice.paid', invoice)
      await this.#emit('invoice.payment_succeeded', invoice)
    } else {
      invoice.next_payment_attempt = this.now() + 3 * 86_400
      subscription.status = 'past_due'
      this.#save()
      await this.#emit('invoice.payment_failed', invoice)
    }
    await this.#emit('customer.subscription.updated', subscription, previous)
    return subscription
  }

  /** The invoice the subscription's next renewal would produce (invoices.createPreview). */
  previewInvoice(params: Params): LocalInvoice {
    let subscription: LocalSubscription | undefined
    if (params.subscription) {
      subscription = this.retrieveSubscription(params.subscription)
    } else if (params.customer) {
      subscription = [...this.#subscriptions.values()].find(
        (item) => item.customer === params.customer && item.status !== 'canceled'
      )
    }
    if (!subscription || subscription.status === 'canceled' || subscription.cancel_at_period_end) {
      throw new LocalStripeError(
        404,
        'invalid_request_error',
        'No upcoming invoices for customer.',
        undefined,
        'invoice_upcoming_none'
      )
    }
    const item = subscription.items.data[0]
    const preview = this.#newInvoice(
      subscription,
      'upcoming',
      item.current_period_end,
      addMonth(item.current_period_end),
      { store: false }
    )
    preview.status = 'draft'
    preview.next_payment_attempt = item.current_period_end
    return preview
  }

  retrieveInvoice(id: string) {
    const invoice = this.#invoices.get(id)
    if (!invoice) throw missing('invoice', id)
    return invoice
  }

  listInvoices(params: Params) {
    const data = [...this.#invoices.values()]
      .reverse()
      .filter(
        (item) =>
          (!params.customer || item.customer === params.customer) &&
          (!params.subscription ||
            item.parent.subscription_details.subscription === params.subscription)
      )
      .sort((a, b) => b.created - a.created)
    return this.#list(data, '/v1/invoices', params.limit)
  }

  #newInvoice(
    subscription: LocalSubscription,
    reason: 'subscription_create' | 'subscription_cycle' | 'upcoming',
    periodStart: number,
    periodEnd: number,
    options: { store?: boolean } = {}
  ): LocalInvoice {
    const amount = subscription.items.data[0].price.unit_amount ?? 0
    const id = options.store === false ? undefined : newId('in')
    const invoice: LocalInvoice = {
      ...(id ? { id } : {}),
      object: 'invoice',
      created: this.now(),
      customer: String(subscription.customer),
      status: 'open',
      currency: subscription.currency,
      amount_due: amount,
      amount_paid: 0,
      amount_remaining: amount,
      attempt_count: 0,
      attempted: false,
      billing_reason: reason,
      hosted_invoice_url: id ? `${this.publicUrl}/invoices/${id}` : null,
      livemode: false,
      metadata: {},
      next_payment_attempt: null,
      number: id ? `LOCAL-${String(++this.#invoiceNumber).padStart(4, '0')}` : null,
      period_start: periodStart,
      period_end: periodEnd,
      status_transitions: {
        finalized_at: id ? this.now() : null,
        marked_uncollectible_at: null,
        paid_at: null,
        voided_at: null,
      },
      subtotal: amount,
      total: amount,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: {
          subscription: subscription.id,
          metadata: { ...subscription.metadata },
        },
      },
    }
    if (id) this.#invoices.set(id, invoice)
    return invoice
  }

  /*
  |------------------------------------------------------------------------
  | Events and webhook delivery
  |------------------------------------------------------------------------
  */

  retrieveEvent(id: string) {
    const event = this.#events.find((item) => item.id === id)
    if (!event) throw missing('event', id)
    return event
  }

  listEvents(params: Params) {
    const data = [...this.#events]
      .reverse()
      .filter((item) => !params.type || item.type === params.type)
    return this.#list(data, '/v1/events', params.limit)
  }

  get deliveries(): readonly Delivery[] {
    return this.#deliveries
  }

  get events(): readonly LocalEvent[] {
    return this.#events
  }

  /**
   * A Stripe-Signature header for `payload`, made by the SDK's own helper
   * with the webhook secret (the same HMAC-SHA256 scheme Stripe uses).
   */
  signatureFor(payload: string, timestamp = this.now()) {
    return Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: this.#options.webhookSecret,
      timestamp,
    })
  }

  async #emit(
    type: Stripe.Event.Type,
    object: LocalEventObject,
    previous?: Record<string, unknown>
  ) {
    const event: LocalEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: this.now(),
      livemode: false,
      pending_webhooks: this.webhookUrl ? 1 : 0,
      type,
      // A snapshot: later changes to the object do not rewrite the event.
      data: {
        object: JSON.parse(JSON.stringify(object)),
        ...(previous && Object.keys(previous).length
          ? { previous_attributes: JSON.parse(JSON.stringify(previous)) }
          : {}),
      },
      request: { id: null, idempotency_key: null },
    }
    this.#events.push(event)
    this.#save()
    await this.deliver(event.id)
    return event
  }

  /** POSTs an event to the webhook URL, signed; records the outcome. Also "resend" on the status page. */
  async deliver(eventId: string): Promise<Delivery> {
    const event = this.retrieveEvent(eventId)
    const delivery: Delivery = {
      eventId,
      type: event.type,
      at: this.now(),
      status: null,
      error: null,
    }
    if (!this.webhookUrl) {
      delivery.error = 'no webhook URL'
    } else {
      const payload = JSON.stringify(event, null, 2)
      try {
        const response = await fetch(this.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': this.signatureFor(payload),
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          },
          body: payload,
          signal: AbortSignal.timeout(20_000),
        })
        delivery.status = response.status
        await response.arrayBuffer()
        event.pending_webhooks = response.ok ? 0 : 1
      } catch (error) {
        delivery.error = (error as Error).message
      }
    }
    this.#deliveries.push(delivery)
    this.#save()
    return delivery
  }

  /*
  |------------------------------------------------------------------------
  | Idempotency keys, lists, persistence
  |------------------------------------------------------------------------
  */

  /** A POST repeated with the same Idempotency-Key gets the first answer back, as in Stripe. */
  idempotentReply(key: string | undefined) {
    return key ? this.#idempotent.get(key) : undefined
  }

  rememberReply(key: string | undefined, reply: { status: number; body: unknown }) {
    if (key) this.#idempotent.set(key, reply)
  }

  #list<T>(data: T[], url: string, limit?: string | number) {
    const size = Math.min(Math.max(Number(limit ?? 10) || 10, 1), 100)
    return { object: 'list' as const, data: data.slice(0, size), has_more: data.length > size, url }
  }

  /** Everything the stand-in holds (status page, tests). */
  snapshot(): State {
    return {
      customers: [...this.#customers.values()],
      products: [...this.#products.values()],
      prices: [...this.#prices.values()],
      subscriptions: [...this.#subscriptions.values()],
      invoices: [...this.#invoices.values()],
      checkoutSessions: [...this.#checkoutSessions.values()],
      checkoutExtras: Object.fromEntries(this.#checkoutExtras),
      portalSessions: [...this.#portalSessions.values()],
      events: this.#events,
      deliveries: this.#deliveries,
    }
  }

  #save() {
    const path = this.#options.statePath
    if (!path) return
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify(this.snapshot()), { mode: 0o600 })
  }

  #load() {
    const path = this.#options.statePath
    if (!path || !existsSync(path)) return
    try {
      const state = JSON.parse(readFileSync(path, 'utf8')) as State
      this.#customers = byId(state.customers)
      this.#products = byId(state.products)
      this.#prices = byId(state.prices)
      this.#subscriptions = byId(state.subscriptions)
      this.#invoices = byId(state.invoices)
      this.#checkoutSessions = byId(state.checkoutSessions)
      this.#checkoutExtras = new Map(Object.entries(state.checkoutExtras ?? {}))
      this.#portalSessions = byId(state.portalSessions)
      this.#events = state.events ?? []
      this.#deliveries = state.deliveries ?? []
      this.#invoiceNumber = this.#invoices.size
    } catch {
      // A damaged state file starts an empty stand-in rather than none.
    }
  }
}
