import { test } from '@japa/runner'
import Stripe from 'stripe'
import { stripeSettings } from '#config/billing'
import { StripeService, WebhookSignatureError } from '#billing/stripe/stripe_service'
import { BillingException } from '#billing/errors'
import { periodStart, timeZoneOf } from '#billing/usage/period'
import { reachesThreshold, thresholdCount } from '#billing/usage/meter'

test.group('Billing settings', () => {
  test('STRIPE_SECRET_KEY set: Stripe itself, with its webhook secret', ({ assert }) => {
    const settings = stripeSettings({
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_abc',
      production: true,
    })
    assert.deepEqual(settings, {
      mode: 'stripe',
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_abc',
    })
  })

  test('unset outside production: the local stand-in at STRIPE_LOCAL_URL', ({ assert }) => {
    const settings = stripeSettings({ localUrl: 'http://127.0.0.1:12999', production: false })
    assert.include(settings, { mode: 'local', host: '127.0.0.1', port: 12999, protocol: 'http' })
    assert.match(settings.secretKey, /^sk_test_/)
    assert.match(settings.webhookSecret, /^whsec_/)
  })

  test('unset in production: billing is off, never the stand-in', ({ assert }) => {
    const service = new StripeService(stripeSettings({ production: true }), Stripe)
    assert.equal(service.mode, 'disabled')
    assert.isNull(service.client)
    assert.throws(() => service.clientOrFail(), BillingException as any)
    assert.throws(() => service.verifyEvent('{}', 't=1,v1=x'), WebhookSignatureError as any)
  })
})

test.group('Billing periods and thresholds', () => {
  test("a month starts at 00:00 on the 1st in the company's country", ({ assert }) => {
    assert.equal(timeZoneOf('EC'), 'America/Guayaquil')
    assert.equal(timeZoneOf('PA'), 'America/Panama')
    assert.equal(timeZoneOf('ZZ'), 'UTC')
    // 1 March 03:00 UTC is still 28 February 22:00 in Guayaquil.
    const instant = new Date('2027-03-01T03:00:00Z')
    assert.equal(periodStart('EC', instant), '2027-02-01')
    assert.equal(periodStart('ZZ', instant), '2027-03-01')
    assert.equal(periodStart('EC', new Date('2027-03-01T05:00:00Z')), '2027-03-01')
  })

  test('80 % and 100 % are reached once each, at whole counts', ({ assert }) => {
    assert.equal(thresholdCount(100, 80), 80)
    assert.equal(thresholdCount(2, 80), 2)
    assert.equal(thresholdCount(3, 80), 3)
    assert.equal(thresholdCount(5, 80), 4)
    const reached = Array.from({ length: 100 }, (_, index) => index + 1).filter((used) =>
      reachesThreshold(used, 100)
    )
    assert.deepEqual(reached, [80, 100])
  })
})
