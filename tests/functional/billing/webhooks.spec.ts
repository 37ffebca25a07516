import { test } from '@japa/runner'
import Stripe from 'stripe'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import Tenant from '#tenancy/models/tenant'
import AuditLog from '#accounts/models/audit_log'
import Invitation from '#accounts/models/invitation'
import BillingAccount from '#billing/models/billing_account'
import BillingMail from '#billing/mails/billing_mail'
import { StripeService } from '#billing/stripe/stripe_service'
import { SUCCESS_CARD } from '#billing/local_stripe/local_stripe'
import type { LocalEvent } from '#billing/local_stripe/objects'
import {
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  stripeSettings,
} from '#config/billing'
import { createCompany } from '#tests/helpers/accounts'
import {
  localStripeForGroup,
  signatureFor,
  stripeEvent,
  testServerUrl,
} from '#tests/helpers/billing'
import { INSPECT, storedRow } from '#tests/helpers/tenancy'

type Company = Awaited<ReturnType<typeof createCompany>>

/** POSTs a payload to the webhook endpoint as Stripe does (raw JSON, Stripe-Signature). */
async function deliver(
  event: object | string,
  options: { signature?: string | null; secret?: string; timestamp?: number } = {}
) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event)
  const signature =
    options.signature === undefined
      ? signatureFor(payload, { secret: options.secret, timestamp: options.timestamp })
      : options.signature
  const response = await fetch(`${testServerUrl()}/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature ? { 'stripe-signature': signature } : {}),
    },
    body: payload,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function statusOf(company: Company) {
  const tenant = await Tenant.findOrFail(company.tenant.id)
  return tenant.status
}

async function reload(company: Company) {
  const tenant = await Tenant.findOrFail(company.tenant.id)
  const account = await BillingAccount.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenant.id)
    .firstOrFail()
  return { tenant, account }
}

function auditActions(company: Company) {
  return AuditLog.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', company.tenant.id)
    .where('action', 'like', 'billing.%')
    .orderBy('id')
    .then((rows) => rows.map((row) => row.action))
}

test.group('Stripe webhooks', (group) => {
  // Events are recorded by the stand-in but not sent: each test delivers
  // the ones it means to, in the order it means to.
  const stand = localStripeForGroup(group, { webhookUrl: null })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  async function trialCompany() {
    return createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
  }

  /** Checkout through the app, paid on the stand-in; returns the session's events. */
  async function subscribe(client: ApiClient, company: Company, plan = 'profesional') {
    const response = await client
      .post('/app/billing/checkout')
      .form({ plan })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(303)
    const location = response.header('location') as string
    const sessionId = location.split('/checkout/')[1]
    const before = stand().server.stripe.events.length
    await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    const events = stand().server.stripe.events.slice(before)
    const session = await stand().client.checkout.sessions.retrieve(sessionId)
    const subscriptionId = String(session.subscription)
    return { sessionId, subscriptionId, events }
  }

  /** The stand-in's latest event of a type (what Stripe would send next). */
  function latest(type: string): LocalEvent {
    const event = [...stand().server.stripe.events].reverse().find((item) => item.type === type)
    if (!event) throw new Error(`no ${type} event`)
    return event
  }

  for (const type of [
    'checkout.session.completed',
    'customer.subscription.created',
    'invoice.paid',
  ] as const) {
    test(`${type} alone moves a TRIAL company to ACTIVE on the paid plan, with its join code`, async ({
      client,
      assert,
    }) => {
      const company = await trialCompany()
      const { events } = await subscribe(client, company)
      const event = events.find((item) => item.type === type)!

      const response = await deliver(event)
      assert.equal(response.status, 200)
      assert.equal(response.body.result, 'processed')

      const { tenant, account } = await reload(company)
      assert.equal(tenant.status, 'ACTIVE')
      assert.equal(tenant.planCode, 'profesional')
      assert.equal(account.subscriptionStatus, 'active')
      assert.equal(account.paymentStatus, 'paid')
      assert.isNotNull(account.lastPaymentAt)
      assert.isNotNull(account.currentPeriodEnd)

      // The first payment issues the organisation's join code.
      const code = await storedRow(Invitation, account.joinCodeInvitationId!)
      assert.equal(code.kind, 'code')
      assert.equal(code.role, 'OPERATOR')
      assert.equal(code.tenantId, tenant.id)

      const stored = await db.from('stripe_events').where('stripe_event_id', event.id).firstOrFail()
      assert.equal(stored.status, 'processed')
      assert.equal(stored.tenant_id, tenant.id)
      assert.deepEqual(await auditActions(company), [
        'billing.checkout_started',
        'billing.status_changed',
        'billing.plan_changed',
        'billing.payment_succeeded',
      ])
      const change = await AuditLog.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', tenant.id)
        .where('action', 'billing.status_changed')
        .firstOrFail()
      assert.deepEqual(change.before, { status: 'TRIAL' })
      assert.include(change.after as object, { status: 'ACTIVE', cause: 'subscription_active' })
    })
  }

  test('invoice.payment_failed: PAST_DUE with a 7-day grace and an e-mail; invoice.paid: ACTIVE again', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const { subscriptionId } = await subscribe(client, company)
    await deliver(latest('checkout.session.completed'))
    const { mails } = mail.fake()

    await stand().server.stripe.advancePeriod(subscriptionId, 'failed')
    const failedDelivery = await deliver(latest('invoice.payment_failed'))
    assert.equal(failedDelivery.status, 200)
    let { tenant, account } = await reload(company)
    assert.equal(tenant.status, 'PAST_DUE')
    assert.equal(account.paymentStatus, 'failed')
    assert.closeTo(account.graceEndsAt!.diff(account.pastDueSince!, 'days').days, 7, 0.001)
    mails.assertSent(BillingMail, (sent) => {
      assert.equal(sent.kind, 'payment_failed')
      assert.equal(sent.details.graceEndsAt, account.graceEndsAt!.toISODate())
      return sent.message.hasTo(company.user.email)
    })

    const invoice = await stand().client.invoices.list({ subscription: subscriptionId })
    await stand().server.stripe.payInvoice(invoice.data[0].id!)
    const paidDelivery = await deliver(latest('invoice.paid'))
    assert.equal(paidDelivery.status, 200)
    ;({ tenant, account } = await reload(company))
    assert.equal(tenant.status, 'ACTIVE')
    assert.equal(account.paymentStatus, 'paid')
    assert.isNull(account.graceEndsAt)
    mails.assertSent(BillingMail, (sent) => sent.kind === 'reactivated')
    const causes = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'billing.status_changed')
      .orderBy('id')
    assert.deepEqual(
      causes.map((row) => [row.before!.status, row.after!.status, row.after!.cause]),
      [
        ['TRIAL', 'ACTIVE', 'subscription_active'],
        ['ACTIVE', 'PAST_DUE', 'payment_failed'],
        ['PAST_DUE', 'ACTIVE', 'payment_succeeded'],
      ]
    )
  })

  test('customer.subscription.updated: cancel at period end stays ACTIVE; customer.subscription.deleted: CANCELLED; a new Checkout reactivates', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const { subscriptionId } = await subscribe(client, company)
    await deliver(latest('checkout.session.completed'))
    const { mails } = mail.fake()

    await stand().server.stripe.setCancelAtPeriodEnd(subscriptionId, true)
    await deliver(latest('customer.subscription.updated'))
    let { tenant, account } = await reload(company)
    assert.equal(tenant.status, 'ACTIVE')
    assert.isTrue(account.cancelAtPeriodEnd)

    await stand().server.stripe.advancePeriod(subscriptionId)
    await deliver(latest('customer.subscription.deleted'))
    ;({ tenant, account } = await reload(company))
    assert.equal(tenant.status, 'CANCELLED')
    assert.equal(account.subscriptionStatus, 'canceled')
    mails.assertSent(BillingMail, (sent) => sent.kind === 'cancelled')

    // Coming back: Checkout again, a new subscription takes over.
    const again = await subscribe(client, company, 'basico')
    await deliver(latest('checkout.session.completed'))
    ;({ tenant, account } = await reload(company))
    assert.equal(tenant.status, 'ACTIVE')
    assert.equal(tenant.planCode, 'basico')
    assert.equal(account.stripeSubscriptionId, again.subscriptionId)
    mails.assertSent(BillingMail, (sent) => sent.kind === 'reactivated')
  })

  test('customer.subscription.updated with another price moves the plan', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const { subscriptionId } = await subscribe(client, company)
    await deliver(latest('checkout.session.completed'))

    // A change made outside Facturo (the Stripe dashboard, the portal).
    const price = await stand().client.prices.create({
      currency: 'usd',
      unit_amount: 11900,
      recurring: { interval: 'month' },
      lookup_key: 'facturo_empresarial_monthly',
      product_data: { name: 'Facturo Empresarial' },
    })
    const subscription = await stand().client.subscriptions.retrieve(subscriptionId)
    await stand().client.subscriptions.update(subscriptionId, {
      items: [{ id: subscription.items.data[0].id, price: price.id }],
    })
    await deliver(latest('customer.subscription.updated'))
    const { tenant } = await reload(company)
    assert.equal(tenant.planCode, 'empresarial')
    assert.equal(tenant.status, 'ACTIVE')
  })

  test('a forged, tampered, unsigned or stale delivery is refused with 400 and changes nothing', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    await subscribe(client, company)
    const event = latest('checkout.session.completed')
    const payload = JSON.stringify(event)

    const attempts = [
      await deliver(event, { secret: 'whsec_someone_else' }),
      await deliver(event, { signature: null }),
      await deliver(payload.replace('"paid"', '"unpaid"'), { signature: signatureFor(payload) }),
      await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      await deliver(event, { signature: 't=1,v1=deadbeef' }),
    ]
    assert.deepEqual(
      attempts.map((attempt) => attempt.status),
      [400, 400, 400, 400, 400]
    )
    assert.lengthOf(await db.from('stripe_events'), 0)
    const { tenant } = await reload(company)
    assert.equal(tenant.status, 'TRIAL')
  })

  test('a replayed event changes nothing, even after later events', async ({ client, assert }) => {
    const company = await trialCompany()
    const { subscriptionId } = await subscribe(client, company)
    await deliver(latest('checkout.session.completed'))
    const { mails } = mail.fake()

    await stand().server.stripe.advancePeriod(subscriptionId, 'failed')
    const failed = latest('invoice.payment_failed')
    await deliver(failed)
    const invoice = await stand().client.invoices.list({ subscription: subscriptionId })
    await stand().server.stripe.payInvoice(invoice.data[0].id!)
    await deliver(latest('invoice.paid'))
    const audits = await auditActions(company)
    const sent = mails.sent().length

    const replay = await deliver(failed)
    assert.equal(replay.status, 200)
    assert.equal(replay.body.result, 'duplicate')
    const { tenant, account } = await reload(company)
    assert.equal(tenant.status, 'ACTIVE')
    assert.equal(account.paymentStatus, 'paid')
    assert.deepEqual(await auditActions(company), audits)
    assert.lengthOf(mails.sent(), sent)
    const stored = await db.from('stripe_events').where('stripe_event_id', failed.id).firstOrFail()
    assert.equal(stored.attempts, 1)
  })

  test("out of order: older events arriving last leave Stripe's final state", async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const { subscriptionId, events } = await subscribe(client, company)
    // The subscription is created, paid, then cancelled; the events arrive backwards.
    await stand().server.stripe.setCancelAtPeriodEnd(subscriptionId, true)
    await stand().server.stripe.advancePeriod(subscriptionId)
    const all = [
      ...events,
      latest('customer.subscription.updated'),
      latest('customer.subscription.deleted'),
    ]
    for (const event of [...all].reverse()) {
      const delivery = await deliver(event)
      assert.equal(delivery.status, 200)
    }
    const { tenant, account } = await reload(company)
    assert.equal(tenant.status, 'CANCELLED')
    assert.equal(account.subscriptionStatus, 'canceled')
    // The payment was real: the organisation still got its join code.
    assert.isNotNull(account.joinCodeInvitationId)

    // A failed payment reported after the invoice was paid does not undo the payment.
    const other = await trialCompany()
    const second = await subscribe(client, other)
    await stand().server.stripe.advancePeriod(second.subscriptionId, 'failed')
    const failed = latest('invoice.payment_failed')
    const open = await stand().client.invoices.list({ subscription: second.subscriptionId })
    await stand().server.stripe.payInvoice(open.data[0].id!)
    await deliver(latest('invoice.paid'))
    await deliver(failed)
    const after = await reload(other)
    assert.equal(after.tenant.status, 'ACTIVE')
    assert.equal(after.account.paymentStatus, 'paid')
  })

  test("processing that fails answers 500 and is recorded; Stripe's retry processes it", async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    await subscribe(client, company)
    const event = latest('checkout.session.completed')

    // Stripe cannot be reached while the event is processed.
    app.container.swap(
      StripeService,
      () =>
        new StripeService(
          {
            mode: 'local',
            secretKey: LOCAL_STRIPE_SECRET_KEY,
            webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
            host: '127.0.0.1',
            port: 1,
            protocol: 'http',
          },
          Stripe
        )
    )
    try {
      const failed = await deliver(event)
      assert.equal(failed.status, 500)
    } finally {
      app.container.swap(StripeService, () => stand().service)
    }
    const stored = await db.from('stripe_events').where('stripe_event_id', event.id).firstOrFail()
    assert.equal(stored.status, 'failed')
    assert.isNotNull(stored.error)
    assert.equal(await statusOf(company), 'TRIAL')

    const retried = await deliver(event)
    assert.equal(retried.status, 200)
    assert.equal(retried.body.result, 'processed')
    const after = await db.from('stripe_events').where('stripe_event_id', event.id).firstOrFail()
    assert.equal(after.status, 'processed')
    assert.equal(after.attempts, 2)
    assert.isNull(after.error)
    assert.equal(await statusOf(company), 'ACTIVE')
  })

  test('events for an unknown customer, or of a type Facturo does not use, are stored as ignored', async ({
    assert,
  }) => {
    const unknown = await deliver(
      stripeEvent('customer.subscription.updated', {
        id: 'sub_nobody',
        object: 'subscription',
        customer: 'cus_nobody',
        status: 'active',
        metadata: {},
      })
    )
    assert.equal(unknown.status, 200)
    assert.equal(unknown.body.result, 'ignored')
    const other = await deliver(stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge' }))
    assert.equal(other.body.result, 'ignored')
    const rows = await db.from('stripe_events').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.type, row.status, row.error]),
      [
        ['customer.subscription.updated', 'ignored', 'no company for this customer'],
        ['charge.refunded', 'ignored', 'event type not handled'],
      ]
    )
  })

  test('without Stripe keys (production) the endpoint answers 503 and stores nothing', async ({
    assert,
  }) => {
    app.container.swap(
      StripeService,
      () => new StripeService(stripeSettings({ production: true }), Stripe)
    )
    try {
      const response = await deliver(stripeEvent('invoice.paid', { id: 'in_1', object: 'invoice' }))
      assert.equal(response.status, 503)
    } finally {
      app.container.swap(StripeService, () => stand().service)
    }
    assert.lengthOf(await db.from('stripe_events'), 0)
  })
})
