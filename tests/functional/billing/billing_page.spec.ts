import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient } from '@japa/api-client'
import Tenant from '#tenancy/models/tenant'
import AuditLog from '#accounts/models/audit_log'
import db from '@adonisjs/lucid/services/db'
import Plan from '#billing/models/plan'
import { startTrial } from '#billing/billing_account'
import { SUCCESS_CARD } from '#billing/local_stripe/local_stripe'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createPoint } from '#tests/helpers/catalog'
import { INSPECT } from '#tests/helpers/tenancy'
import { localStripeForGroup, setDocumentsUsed } from '#tests/helpers/billing'

type Company = Awaited<ReturnType<typeof createCompany>>

test.group('Billing page', (group) => {
  const stand = localStripeForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  function trialCompany(role: 'OWNER' | 'ADMIN' = 'OWNER') {
    return createCompany(role, { status: 'TRIAL', planCode: 'trial' })
  }

  async function subscribe(client: ApiClient, company: Company, plan = 'profesional') {
    const response = await client
      .post('/app/billing/checkout')
      .form({ plan })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    const sessionId = (response.header('location') as string).split('/checkout/')[1]
    await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    return sessionId
  }

  test('the owner sees the plan, the usage against every limit, the plans for sale and the local Stripe note', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    await db.transaction((trx) => startTrial(company.tenant, trx))
    await createPoint(company.tenant)
    await setDocumentsUsed(company.tenant, 12)

    const response = await client.get('/app/billing').loginAs(company.user).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('billing/show')
    response.assertInertiaPropsContains({
      billing: {
        status: 'TRIAL',
        plan: { code: 'trial', name: 'Prueba', isTrial: true },
        usage: {
          documents: { used: 12, limit: 50 },
          establishments: { used: 1, limit: 1 },
          users: { used: 1, limit: 3 },
        },
        subscription: null,
        payment: { status: 'none' },
        nextInvoice: null,
        joinCode: null,
        canCheckout: true,
        canChangePlan: false,
        hasCustomer: false,
        stripeMode: 'local',
      },
      checkoutCancelled: false,
      // The page's own prop does not hide the banner every company page shows.
      billingBanner: { kind: 'trial', days: 14, canManage: true },
    })
    const codes = response.inertiaProps.billing.plans.map((plan: { code: string }) => plan.code)
    assert.deepEqual(codes, ['basico', 'profesional', 'empresarial'])
  })

  test('only owners manage billing: an administrator gets 403 and no menu entry', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany('ADMIN')
    const page = await client.get('/app/billing').loginAs(company.user)
    page.assertStatus(403)
    const checkout = await client
      .post('/app/billing/checkout')
      .form({ plan: 'basico' })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    checkout.assertStatus(403)
    const home = await client.get('/app').loginAs(company.user).withInertia()
    const keys = home.inertiaProps.navigation.map((item: { key: string }) => item.key)
    assert.notInclude(keys, 'billing')
  })

  test('Checkout: a 303 to the hosted page for a form, an Inertia location for a visit; then ACTIVE with the next invoice and the join code', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const form = await client
      .post('/app/billing/checkout')
      .form({ plan: 'profesional' })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    form.assertStatus(303)
    assert.match(
      form.header('location') as string,
      new RegExp(`^${stand().server.url}/checkout/cs_test_`)
    )

    const visit = await client
      .post('/app/billing/checkout')
      .form({ plan: 'profesional' })
      .header('x-inertia', 'true')
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    visit.assertStatus(409)
    const hosted = visit.header('x-inertia-location') as string
    assert.match(hosted, /\/checkout\/cs_test_/)

    // The plan's Stripe price was created from the plan's figures, once.
    const plan = await Plan.findByOrFail('code', 'profesional')
    assert.match(plan.stripePriceId!, /^price_/)
    const price = await stand().client.prices.retrieve(plan.stripePriceId!)
    assert.equal(price.unit_amount, 5900)
    assert.equal(price.lookup_key, 'facturo_profesional_monthly')

    const sessionId = hosted.split('/checkout/')[1]
    const next = await stand().server.stripe.completeCheckout(sessionId, { card: SUCCESS_CARD })
    assert.include(next, `/app/billing/return?session_id=${sessionId}`)
    const back = await client
      .get(`/app/billing/return?session_id=${sessionId}`)
      .loginAs(company.user)
      .redirects(0)
    back.assertHeader('location', '/app/billing')
    back.assertFlashMessage('success', '¡Pago recibido! Tu suscripción está activa.')

    const page = await client.get('/app/billing').loginAs(company.user).withInertia()
    page.assertInertiaPropsContains({
      billing: {
        status: 'ACTIVE',
        plan: { code: 'profesional' },
        usage: { documents: { limit: 500 }, establishments: { limit: 3 }, users: { limit: 5 } },
        subscription: { status: 'active', cancelAtPeriodEnd: false },
        payment: { status: 'paid', latestInvoiceAmount: '59.00', currency: 'USD' },
        nextInvoice: { amount: '59.00', currency: 'USD' },
        joinCode: { state: 'open', uses: 0 },
        canCheckout: false,
        canChangePlan: true,
        hasCustomer: true,
      },
    })
    assert.match(page.inertiaProps.billing.joinCode.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  })

  test('the join code on the billing page lets a colleague join, taking a seat', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    await subscribe(client, company)
    const page = await client.get('/app/billing').loginAs(company.user).withInertia()
    const code = page.inertiaProps.billing.joinCode.code as string

    const colleague = await createUser()
    const joined = await client
      .post('/join')
      .form({ code })
      .loginAs(colleague)
      .withCsrfToken()
      .redirects(0)
    joined.assertHeader('location', '/app')
    const after = await client.get('/app/billing').loginAs(company.user).withInertia()
    after.assertInertiaPropsContains({
      billing: { usage: { users: { used: 2, limit: 5 } }, joinCode: { uses: 1 } },
    })
    assert.equal(after.inertiaProps.billing.joinCode.code, code)
  })

  test('a plan change moves the subscription to the new price; a downgrade below usage is refused', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    await subscribe(client, company)
    const up = await client
      .post('/app/billing/plan')
      .form({ plan: 'empresarial' })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    up.assertHeader('location', '/app/billing')
    up.assertFlashMessage(
      'success',
      'Tu empresa ahora está en el plan Empresarial. La diferencia de precio se prorratea en tu próxima factura.'
    )
    const tenant = await Tenant.findOrFail(company.tenant.id)
    assert.equal(tenant.planCode, 'empresarial')
    const subscriptions = await stand().client.subscriptions.list({
      customer: stand().server.stripe.snapshot().customers.at(-1)!.id,
    })
    assert.equal(
      subscriptions.data[0].items.data[0].price.lookup_key,
      'facturo_empresarial_monthly'
    )
    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'billing.plan_changed')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.deepEqual(audit.before, { plan: 'profesional' })

    // Three active members do not fit Básico (2 users).
    await addMember(tenant, await createUser(), 'OPERATOR')
    await addMember(tenant, await createUser(), 'OPERATOR')
    const down = await client
      .post('/app/billing/plan')
      .form({ plan: 'basico' })
      .header('referer', '/app/billing')
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    down.assertFlashMessage(
      'error',
      'Ese plan incluye 2 usuarios y tienes 3 activos. Desactiva a quienes sobran antes de cambiar.'
    )
    const unchanged = await Tenant.findOrFail(tenant.id)
    assert.equal(unchanged.planCode, 'empresarial')
  })

  test('the Customer Portal opens for a paying company, with a message otherwise', async ({
    client,
    assert,
  }) => {
    const company = await trialCompany()
    const none = await client
      .post('/app/billing/portal')
      .header('referer', '/app/billing')
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    none.assertFlashMessage(
      'error',
      'Tu empresa aún no tiene datos de pago. Suscríbete a un plan primero.'
    )

    await subscribe(client, company)
    const portal = await client
      .post('/app/billing/portal')
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    portal.assertStatus(303)
    const url = portal.header('location') as string
    assert.match(url, new RegExp(`^${stand().server.url}/portal/bps_`))
    const opened = await fetch(url)
    const html = await opened.text()
    assert.include(html, 'Volver a Facturo')
  })

  test('bad choices get messages, never a 500: unknown plan, the trial, junk, subscribing twice', async ({
    client,
  }) => {
    const company = await trialCompany()
    const post = (plan: string) =>
      client
        .post('/app/billing/checkout')
        .form({ plan })
        .header('referer', '/app/billing')
        .loginAs(company.user)
        .withCsrfToken()
        .redirects(0)
    for (const plan of ['oro', 'trial']) {
      const refused = await post(plan)
      refused.assertFlashMessage(
        'error',
        'Ese plan no está a la venta. Elige uno de los planes de la lista.'
      )
    }
    const junk = await post('<script>')
    junk.assertStatus(302)
    junk.assertHasValidationError('plan')

    await subscribe(client, company)
    const twice = await post('basico')
    twice.assertFlashMessage(
      'error',
      'Tu empresa ya tiene una suscripción activa. Para cambiar de plan usa «Cambiar a este plan».'
    )
  })

  test('returning with a session of another company, or a made-up one, answers 404', async ({
    client,
  }) => {
    const mine = await trialCompany()
    const theirs = await trialCompany()
    const sessionId = await subscribe(client, theirs)
    for (const id of [sessionId, 'cs_test_doesnotexist00', '../../x']) {
      const response = await client
        .get(`/app/billing/return?session_id=${encodeURIComponent(id)}`)
        .loginAs(mine.user)
      response.assertStatus(404)
    }
  })
})
