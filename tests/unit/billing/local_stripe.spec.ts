import { test } from '@japa/runner'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { startLocalStripe, type LocalStripeServer } from '#billing/local_stripe/server'
import { StripeService } from '#billing/stripe/stripe_service'

const KEY = 'sk_test_unit_local'
const SECRET = 'whsec_unit_local'

/** A webhook endpoint that verifies each delivery with the SDK, as Facturo's does. */
async function receiver() {
  const received: Stripe.Event[] = []
  const refused: string[] = []
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    try {
      received.push(
        Stripe.webhooks.constructEvent(body, String(request.headers['stripe-signature']), SECRET)
      )
      response.writeHead(200).end('{}')
    } catch (error) {
      refused.push((error as Error).message)
      response.writeHead(400).end('{}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, received, refused, close: () => new Promise((resolve) => server.close(resolve)) }
}

test.group('Local Stripe stand-in, through the official SDK', (group) => {
  let stand: LocalStripeServer
  let hook: Awaited<ReturnType<typeof receiver>>
  let stripe: Stripe

  group.each.setup(async () => {
    hook = await receiver()
    stand = await startLocalStripe({
      port: 0,
      secretKey: KEY,
      webhookSecret: SECRET,
      webhookUrl: hook.url,
    })
    stripe = new StripeService(
      {
        mode: 'local',
        secretKey: KEY,
        webhookSecret: SECRET,
        host: '127.0.0.1',
        port: stand.port,
        protocol: 'http',
      },
      Stripe
    ).client!
    return async () => {
      await stand.close()
      await hook.close()
    }
  })

  async function subscribed() {
    const customer = await stripe.customers.create({
      email: 'owner@example.com',
      metadata: { tenant_id: '7' },
    })
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 5900,
      recurring: { interval: 'month' },
      lookup_key: 'facturo_profesional_monthly',
      product_data: { name: 'Facturo Profesional' },
    })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: '7',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://app.test/app/billing/return?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/app/billing',
      subscription_data: { metadata: { tenant_id: '7', plan_code: 'profesional' } },
    })
    const paid = await fetch(`${stand.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=owner%40example.com&card=4242+4242+4242+4242',
      redirect: 'manual',
    })
    return { customer, price, session, paid }
  }

  test('customers, prices by lookup key, and a Checkout Session in Stripe shapes', async ({
    assert,
  }) => {
    const customer = await stripe.customers.create({ email: 'a@b.ec', name: 'ACME S.A.' })
    assert.match(customer.id, /^cus_/)
    const retrieved = await stripe.customers.retrieve(customer.id)
    assert.equal(retrieved.id, customer.id)

    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2900,
      recurring: { interval: 'month' },
      lookup_key: 'facturo_basico_monthly',
      product_data: { name: 'Facturo Básico' },
    })
    const found = await stripe.prices.list({
      lookup_keys: ['facturo_basico_monthly'],
      active: true,
    })
    assert.deepEqual(
      found.data.map((item) => item.id),
      [price.id]
    )
    assert.equal(found.data[0].recurring?.interval, 'month')

    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://app.test/ok',
    })
    assert.equal(session.object, 'checkout.session')
    assert.equal(session.status, 'open')
    assert.equal(session.url, `${stand.url}/checkout/${session.id}`)
    assert.equal(session.amount_total, 2900)
  })

  test('completing Checkout creates the subscription and delivers signed events in order', async ({
    assert,
  }) => {
    const { session, paid, customer } = await subscribed()
    assert.equal(paid.status, 303)
    assert.equal(
      paid.headers.get('location'),
      `http://app.test/app/billing/return?session_id=${session.id}`
    )

    assert.deepEqual(hook.refused, [])
    assert.deepEqual(
      hook.received.map((event) => event.type),
      [
        'customer.subscription.created',
        'invoice.paid',
        'invoice.payment_succeeded',
        'checkout.session.completed',
      ]
    )
    const completed = await stripe.checkout.sessions.retrieve(session.id)
    assert.equal(completed.status, 'complete')
    assert.equal(completed.payment_status, 'paid')

    const subscription = await stripe.subscriptions.retrieve(String(completed.subscription))
    assert.equal(subscription.status, 'active')
    assert.equal(subscription.customer, customer.id)
    assert.equal(subscription.metadata.plan_code, 'profesional')
    // API 2025-03-31 and later: the period lives on the item.
    const item = subscription.items.data[0]
    assert.isAbove(item.current_period_end, item.current_period_start)
    assert.equal(item.price.lookup_key, 'facturo_profesional_monthly')

    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice))
    assert.equal(invoice.status, 'paid')
    assert.equal(invoice.amount_paid, 5900)
    assert.equal(invoice.parent?.subscription_details?.subscription, subscription.id)

    const preview = await stripe.invoices.createPreview({ subscription: subscription.id })
    assert.equal(preview.amount_due, 5900)
    assert.equal(preview.next_payment_attempt, item.current_period_end)
  })

  test('a declined test card keeps the session open and sends nothing', async ({ assert }) => {
    const customer = await stripe.customers.create({ email: 'a@b.ec' })
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2900,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://app.test/ok',
    })
    const declined = await fetch(`${stand.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'card=4000000000000002',
      redirect: 'manual',
    })
    assert.equal(declined.status, 402)
    assert.include(await declined.text(), 'Your card was declined.')
    const stillOpen = await stripe.checkout.sessions.retrieve(session.id)
    assert.equal(stillOpen.status, 'open')
    assert.lengthOf(hook.received, 0)
  })

  test('renewal with a failed payment, then paying the invoice: past_due and back', async ({
    assert,
  }) => {
    const { session } = await subscribed()
    const paidSession = await stripe.checkout.sessions.retrieve(session.id)
    const subscriptionId = String(paidSession.subscription)
    hook.received.length = 0

    await fetch(`${stand.url}/_local/subscriptions/${subscriptionId}/renew?outcome=failed`, {
      method: 'POST',
    })
    assert.deepEqual(
      hook.received.map((event) => event.type),
      ['invoice.payment_failed', 'customer.subscription.updated']
    )
    const pastDue = await stripe.subscriptions.retrieve(subscriptionId)
    assert.equal(pastDue.status, 'past_due')
    const open = await stripe.invoices.retrieve(String(pastDue.latest_invoice))
    assert.equal(open.status, 'open')
    assert.equal(open.attempt_count, 1)

    await stand.stripe.payInvoice(open.id)
    const recovered = await stripe.subscriptions.retrieve(subscriptionId)
    assert.equal(recovered.status, 'active')
  })

  test('plan change, cancel at period end, and the end of the period', async ({ assert }) => {
    const { session } = await subscribed()
    const paid = await stripe.checkout.sessions.retrieve(session.id)
    const id = String(paid.subscription)
    const other = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 11900,
      recurring: { interval: 'month' },
      product_data: { name: 'Facturo Empresarial' },
    })
    const current = await stripe.subscriptions.retrieve(id)
    const changed = await stripe.subscriptions.update(id, {
      items: [{ id: current.items.data[0].id, price: other.id }],
      proration_behavior: 'create_prorations',
    })
    assert.equal(changed.items.data[0].price.id, other.id)

    await stripe.subscriptions.update(id, { cancel_at_period_end: true })
    const ending = await stripe.subscriptions.retrieve(id)
    assert.isTrue(ending.cancel_at_period_end)
    await stand.stripe.advancePeriod(id)
    const ended = await stripe.subscriptions.retrieve(id)
    assert.equal(ended.status, 'canceled')
    assert.equal(hook.received.at(-1)?.type, 'customer.subscription.deleted')

    const portal = await stripe.billingPortal.sessions.create({
      customer: String(ended.customer),
      return_url: 'http://app.test/app/billing',
    })
    assert.equal(portal.url, `${stand.url}/portal/${portal.id}`)
    const page = await fetch(portal.url)
    assert.equal(page.status, 200)
  })

  test('Stripe errors: wrong key 401, unknown id 404, unknown endpoint 404', async ({ assert }) => {
    const stranger = new Stripe('sk_test_wrong', {
      host: '127.0.0.1',
      port: stand.port,
      protocol: 'http',
    })
    await assert.rejects(() => stranger.customers.create({}), /Invalid API Key/)
    const error = await stripe.subscriptions.retrieve('sub_missing').catch((caught) => caught)
    assert.instanceOf(error, Stripe.errors.StripeInvalidRequestError)
    assert.equal(error.statusCode, 404)
    assert.equal(error.code, 'resource_missing')
    await assert.rejects(() => stripe.refunds.list(), /Unrecognized request URL/)
  })

  test('a repeated Idempotency-Key returns the first answer', async ({ assert }) => {
    const first = await stripe.customers.create({ email: 'x@y.ec' }, { idempotencyKey: 'same-key' })
    const second = await stripe.customers.create(
      { email: 'x@y.ec' },
      { idempotencyKey: 'same-key' }
    )
    assert.equal(first.id, second.id)
    assert.lengthOf(stand.stripe.snapshot().customers, 1)
  })
})
