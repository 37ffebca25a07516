import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import Invitation from '#accounts/models/invitation'
import BillingAccount from '#billing/models/billing_account'
import UsagePeriod from '#billing/models/usage_period'
import LimitAlert from '#billing/models/limit_alert'
import { billingAccountOf } from '#billing/billing_account'
import { issueJoinCode } from '#accounts/actions/create_join_code'
import { SUCCESS_CARD } from '#billing/local_stripe/local_stripe'
import { createCompany } from '#tests/helpers/accounts'
import {
  localStripeForGroup,
  setDocumentsUsed,
  setPlan,
  signatureFor,
  stripeEvent,
  testServerUrl,
} from '#tests/helpers/billing'
import { INSPECT, constraintError, reload } from '#tests/helpers/tenancy'

/**
 * Every billing model that belongs to a company is scoped like the rest:
 * rows of A are invisible and unmodifiable from B through the models and
 * through raw SQL (row-level security), and PostgreSQL refuses a
 * cross-tenant link by itself.
 */
test.group('Isolation: billing models', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('billing accounts of A are invisible and unmodifiable from B', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const account = await tenantContext.run(a.tenant, () => billingAccountOf(a.tenant))

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await BillingAccount.find(account.id))
      const visible = await BillingAccount.all()
      assert.notInclude(
        visible.map((row) => row.id),
        account.id
      )
      assert.deepEqual(
        await BillingAccount.query().where('id', account.id).update({ payment_status: 'paid' }),
        [0]
      )
      account.paymentStatus = 'paid'
      await assert.rejects(() => account.save(), TenantMismatchException as any)
      // Raw SQL that names A's row on purpose sees and changes nothing.
      assert.isNull(await db.from('billing_accounts').where('id', account.id).first())
      assert.equal(
        Number(
          await db
            .from('billing_accounts')
            .where('id', account.id)
            .update({ payment_status: 'paid' })
        ),
        0
      )
    })
    await reload(account)
    assert.equal(account.paymentStatus, 'none')
  })

  test('usage periods and limit alerts of A are invisible from B', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await setDocumentsUsed(a.tenant, 42)
    await tenantContext.run(a.tenant, () =>
      db.table('limit_alerts').insert({
        tenant_id: a.tenant.id,
        limit_kind: 'documents',
        threshold: 80,
        period_start: '2026-01-01',
        used: 80,
        maximum: 100,
        plan_code: 'basico',
        created_at: new Date(),
      })
    )

    await tenantContext.run(b.tenant, async () => {
      assert.lengthOf(await UsagePeriod.all(), 0)
      assert.lengthOf(await LimitAlert.all(), 0)
      assert.deepEqual(await UsagePeriod.query().update({ documents_issued: 0 }), [0])
      assert.deepEqual(await LimitAlert.query().delete(), [0])
      for (const table of ['usage_periods', 'limit_alerts']) {
        assert.lengthOf(await db.from(table).where('tenant_id', a.tenant.id), 0, table)
        assert.equal(Number(await db.from(table).where('tenant_id', a.tenant.id).delete()), 0)
      }
    })
    await tenantContext.run(a.tenant, async () => {
      const own = await UsagePeriod.firstOrFail()
      assert.equal(own.documentsIssued, 42)
      assert.lengthOf(await LimitAlert.all(), 1)
    })
  })

  test("the database refuses a billing account pointing at another company's join code", async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const { invitation } = await tenantContext.run(b.tenant, () =>
      issueJoinCode(
        { tenantId: b.tenant.id },
        { role: 'OPERATOR', expiresInDays: 7, invitedByMembershipId: null }
      )
    )
    assert.instanceOf(invitation, Invitation)
    const code = await constraintError((trx) =>
      trx.table('billing_accounts').insert({
        tenant_id: a.tenant.id,
        payment_status: 'none',
        join_code_invitation_id: invitation.id,
        created_at: new Date(),
      })
    )
    assert.equal(code, '23503')
    assert.equal(
      await constraintError((trx) =>
        trx.table('usage_periods').insert({
          tenant_id: 2147483000,
          period_start: '2026-01-01',
          created_at: new Date(),
        })
      ),
      '23503'
    )
    // One billing account and one month row per company.
    await tenantContext.run(a.tenant, () => billingAccountOf(a.tenant))
    assert.equal(
      await constraintError((trx) =>
        trx.table('billing_accounts').insert({
          tenant_id: a.tenant.id,
          payment_status: 'none',
          created_at: new Date(),
        })
      ),
      '23505'
    )
  })
})

test.group('Isolation: billing routes and webhooks', (group) => {
  const stand = localStripeForGroup(group, { webhookUrl: null })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("each company's billing page shows its own plan and usage only", async ({ client }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await setPlan(a.tenant, 'basico')
    await setPlan(b.tenant, 'profesional')
    await setDocumentsUsed(a.tenant, 77)
    const page = await client.get('/app/billing').loginAs(b.user).withInertia()
    page.assertInertiaPropsContains({
      billing: { plan: { code: 'profesional' }, usage: { documents: { used: 0, limit: 500 } } },
    })
  })

  test("another company's Checkout Session answers 404 on return", async ({ client }) => {
    const a = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const b = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const response = await client
      .post('/app/billing/checkout')
      .form({ plan: 'basico' })
      .loginAs(a.user)
      .withCsrfToken()
      .redirects(0)
    const sessionId = (response.header('location') as string).split('/checkout/')[1]
    await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    const stolen = await client.get(`/app/billing/return?session_id=${sessionId}`).loginAs(b.user)
    stolen.assertStatus(404)
  })

  test("an event naming company B in its metadata but A's customer changes A only; B is never taken over", async ({
    client,
    assert,
  }) => {
    const a = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const b = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
    const response = await client
      .post('/app/billing/checkout')
      .form({ plan: 'basico' })
      .loginAs(a.user)
      .withCsrfToken()
      .redirects(0)
    const sessionId = (response.header('location') as string).split('/checkout/')[1]
    await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    const session = await stand().client.checkout.sessions.retrieve(sessionId)
    const subscription = await stand().client.subscriptions.retrieve(String(session.subscription))

    const forgedMetadata = stripeEvent('customer.subscription.updated', {
      ...subscription,
      metadata: { tenant_id: String(b.tenant.id), plan_code: 'basico' },
    })
    const payload = JSON.stringify(forgedMetadata)
    const delivered = await fetch(`${testServerUrl()}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signatureFor(payload) },
      body: payload,
    })
    assert.equal(delivered.status, 200)

    const after = await db
      .from('tenants')
      .whereIn('id', [a.tenant.id, b.tenant.id])
      .orderBy('id')
      .select('id', 'status')
    assert.deepEqual(
      after.map((row) => row.status),
      a.tenant.id < b.tenant.id ? ['ACTIVE', 'TRIAL'] : ['TRIAL', 'ACTIVE']
    )
    const bAccount = await BillingAccount.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', b.tenant.id)
      .first()
    assert.isNull(bAccount?.stripeCustomerId ?? null)
  })
})
