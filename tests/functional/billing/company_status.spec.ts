import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import type { ApiClient } from '@japa/api-client'
import Tenant from '#tenancy/models/tenant'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import { useClock } from '#core/clock'
import BillingAccount from '#billing/models/billing_account'
import BillingMail from '#billing/mails/billing_mail'
import { SUCCESS_CARD } from '#billing/local_stripe/local_stripe'
import { watchBilling } from '#billing/actions/watch_billing'
import { startTrial } from '#billing/billing_account'
import BillingWatchJob from '#billing/jobs/billing_watch_job'
import {
  BILLING_WATCH_QUEUE,
  BILLING_WATCH_SCHEDULER,
  scheduleBillingWatch,
} from '#billing/jobs/schedule_billing_watch'
import { createCompany } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { localStripeForGroup } from '#tests/helpers/billing'
import { INSPECT } from '#tests/helpers/tenancy'

const DAY = 86_400_000

async function statusOf(tenantId: number) {
  const tenant = await Tenant.findOrFail(tenantId)
  return tenant.status
}

async function state(tenantId: number) {
  const tenant = await Tenant.findOrFail(tenantId)
  const account = await BillingAccount.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenantId)
    .firstOrFail()
  return { tenant, account }
}

test.group('Company status follows billing', (group) => {
  issuingGroup(group)
  // Webhooks go to the test server as they happen, as Stripe sends them.
  const stand = localStripeForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => {
    useClock(null)
    mail.restore()
  })

  async function subscribe(client: ApiClient, user: { id: number }, plan = 'profesional') {
    const response = await client
      .post('/app/billing/checkout')
      .form({ plan })
      .loginAs(user as any)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(303)
    const sessionId = (response.header('location') as string).split('/checkout/')[1]
    await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    const session = await stand().client.checkout.sessions.retrieve(sessionId)
    return String(session.subscription)
  }

  function issue(client: ApiClient, company: Awaited<ReturnType<typeof createEcCompany>>) {
    return client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
  }

  test('a failed payment gives 7 days of grace; after them the watch suspends issuing, says why, keeps the data; paying reactivates', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    company.tenant.merge({ status: 'TRIAL', planCode: 'trial' })
    await company.tenant.save()
    const subscriptionId = await subscribe(client, company.user)
    assert.equal(await statusOf(company.tenant.id), 'ACTIVE')
    const first = await issue(client, company)
    first.assertStatus(201)
    const { mails } = mail.fake()

    const failedAt = Date.now()
    await stand().server.stripe.advancePeriod(subscriptionId, 'failed')
    let { tenant, account } = await state(company.tenant.id)
    assert.equal(tenant.status, 'PAST_DUE')
    // Still issuing during the grace period, with a banner that says until when.
    const whileDue = await issue(client, company)
    whileDue.assertStatus(201)
    const during = await client.get('/app/documents').loginAs(company.user).withInertia()
    during.assertInertiaPropsContains({ billingBanner: { kind: 'past_due', canManage: true } })
    assert.equal(
      during.inertiaProps.billingBanner.date,
      account.graceEndsAt!.toISO(),
      'the banner shows the grace end'
    )

    useClock(() => new Date(failedAt + 6 * DAY))
    const early = await watchBilling()
    assert.equal(early.suspendedForPayment, 0)
    assert.equal(await statusOf(company.tenant.id), 'PAST_DUE')

    useClock(() => new Date(failedAt + 7 * DAY + 3_600_000))
    const report = await watchBilling()
    assert.equal(report.suspendedForPayment, 1)
    ;({ tenant, account } = await state(company.tenant.id))
    assert.equal(tenant.status, 'SUSPENDED')
    assert.equal(account.suspendedReason, 'payment_overdue')
    const notice = mails
      .sent()
      .find((sent): sent is BillingMail => sent instanceof BillingMail && sent.kind === 'suspended')
    assert.exists(notice)
    assert.equal(notice!.details.reason, 'grace_expired')
    assert.isTrue(notice!.message.hasTo(company.user.email))
    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'billing.status_changed')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.deepEqual(audit.before, { status: 'PAST_DUE' })
    assert.include(audit.after as object, { status: 'SUSPENDED', cause: 'grace_expired' })
    // Running it again changes nothing.
    assert.deepEqual(await watchBilling(), {
      suspendedForPayment: 0,
      suspendedForTrial: 0,
      limitAlerts: 0,
    })

    // Blocked, with the reason and the way out on every page; data readable and downloadable.
    const blocked = await issue(client, company)
    blocked.assertStatus(422)
    assert.match(blocked.body().errors[0].message, /suspendida o cancelada/)
    const list = await client.get('/app/documents').loginAs(company.user).withInertia()
    list.assertStatus(200)
    list.assertInertiaPropsContains({
      billingBanner: { kind: 'suspended', reason: 'payment_overdue', canManage: true },
    })
    const xml = await client.get(`/app/documents/${first.body().id}/xml`).loginAs(company.user)
    xml.assertStatus(200)

    // Paying the open invoice (the portal's "pay") reactivates at once.
    const invoices = await stand().client.invoices.list({ subscription: subscriptionId })
    await stand().server.stripe.payInvoice(invoices.data[0].id!)
    ;({ tenant, account } = await state(company.tenant.id))
    assert.equal(tenant.status, 'ACTIVE')
    assert.isNull(account.suspendedReason)
    assert.isNull(account.graceEndsAt)
    mails.assertSent(BillingMail, (sent) => sent.kind === 'reactivated')
    const again = await issue(client, company)
    again.assertStatus(201)
  })

  test('a trial that ends unpaid suspends issuing; subscribing lifts it', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const started = Date.now()
    await db.transaction((trx) => startTrial(tenant, trx))
    const { mails } = mail.fake()

    // 23 hours of trial left: "1 day".
    useClock(() => new Date(started + 13 * DAY + 3_600_000))
    await watchBilling()
    assert.equal(await statusOf(tenant.id), 'TRIAL')
    const page = await client.get('/app').loginAs(user).withInertia()
    page.assertInertiaPropsContains({ billingBanner: { kind: 'trial', days: 1 } })

    useClock(() => new Date(started + 14 * DAY + 60_000))
    const ended = await watchBilling()
    assert.equal(ended.suspendedForTrial, 1)
    const suspended = await state(tenant.id)
    assert.equal(suspended.tenant.status, 'SUSPENDED')
    assert.equal(suspended.account.suspendedReason, 'trial_ended')
    mails.assertSent(
      BillingMail,
      (sent) => sent.kind === 'suspended' && sent.details.reason === 'trial_ended'
    )
    const blocked = await client.get('/app').loginAs(user).withInertia()
    blocked.assertInertiaPropsContains({
      billingBanner: { kind: 'suspended', reason: 'trial_ended' },
    })

    await subscribe(client, user, 'basico')
    const after = await state(tenant.id)
    assert.equal(after.tenant.status, 'ACTIVE')
    assert.equal(after.tenant.planCode, 'basico')
    assert.isNull(after.account.suspendedReason)
  })

  test('a suspension by the platform is not lifted by a payment', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const subscriptionId = await subscribe(client, user)
    await tenantContext.run(tenant, async () => {
      await db.from('tenants').where('id', tenant.id).update({ status: 'SUSPENDED' })
      await db
        .from('billing_accounts')
        .where('tenant_id', tenant.id)
        .update({ suspended_reason: 'platform' })
    })
    await stand().server.stripe.advancePeriod(subscriptionId, 'paid')
    const after = await state(tenant.id)
    assert.equal(after.tenant.status, 'SUSPENDED')
    assert.equal(after.account.suspendedReason, 'platform')
    assert.equal(after.account.paymentStatus, 'paid')
  })

  test('the watch runs as a job, on an hourly schedule registered once', async ({
    assert,
    cleanup,
  }) => {
    const { tenant } = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    await db.transaction((trx) => startTrial(tenant, trx))
    useClock(() => new Date(Date.now() + 15 * DAY))
    await new BillingWatchJob().handle({})
    assert.equal(await statusOf(tenant.id), 'SUSPENDED')

    const bull = queue.getOrSet(BILLING_WATCH_QUEUE)
    cleanup(async () => {
      await bull.removeJobScheduler(BILLING_WATCH_SCHEDULER)
    })
    await scheduleBillingWatch()
    await scheduleBillingWatch()
    const all = await bull.getJobSchedulers()
    const schedulers = all.filter((item) => item.key === BILLING_WATCH_SCHEDULER)
    assert.lengthOf(schedulers, 1)
    assert.equal(schedulers[0].pattern, '20 * * * *')
    assert.equal(schedulers[0].name, BillingWatchJob.$$filepath)
  })
})
