import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#tenancy/models/tenant'
import AuditLog from '#accounts/models/audit_log'
import BillingAccount from '#billing/models/billing_account'
import VerifyEmailMail from '#accounts/mails/verify_email_mail'
import ResetPasswordMail from '#accounts/mails/reset_password_mail'
import { tenantContext } from '#tenancy/tenant_context'
import { useClock } from '#core/clock'
import { addMember, createCompany, createTenant, createUser } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, useTestCertificate } from '#tests/helpers/invoicing'
import { insertCertificate, setSubscription, asPlatform } from '#tests/helpers/admin'
import { setDocumentsUsed } from '#tests/helpers/billing'

function expectStatus(response: { assertStatus(status: number): void }, status: number) {
  response.assertStatus(status)
}

/** The audit entries of one action for one company, newest first. */
function entries(tenantId: number, action: string) {
  return AuditLog.query({ withoutTenantScope: 'the test reads the audit trail of every company' })
    .where('tenant_id', tenantId)
    .where('action', action)
    .orderBy('id', 'desc')
}

test.group('Console companies: search and detail', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('search and filters by country, plan, status and credential state', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const tag = `zz${Date.now()}`
    const valid = await createTenant({ tradeName: `${tag} Valida`, planCode: 'profesional' })
    const expired = await createTenant({ tradeName: `${tag} Vencida`, status: 'PAST_DUE' })
    const panama = await createTenant({
      tradeName: `${tag} Istmo`,
      country: 'PA',
      status: 'TRIAL',
      planCode: 'trial',
    })
    await insertCertificate(valid, '2099-01-01T00:00:00Z')
    await insertCertificate(expired, '2020-06-01T00:00:00Z')
    await setDocumentsUsed(valid, 17)

    const list = async (query: string) => {
      const response = await client
        .get(`/admin/companies?q=${tag}&${query}`)
        .loginAs(admin)
        .withInertia()
      response.assertStatus(200)
      response.assertInertiaComponent('admin/companies/index')
      return (response.inertiaProps.companies as { tradeName: string }[])
        .map((row) => row.tradeName)
        .sort()
    }
    assert.deepEqual(await list(''), [`${tag} Istmo`, `${tag} Valida`, `${tag} Vencida`])
    assert.deepEqual(await list('country=PA'), [`${tag} Istmo`])
    assert.deepEqual(await list('plan=profesional'), [`${tag} Valida`])
    assert.deepEqual(await list('status=PAST_DUE'), [`${tag} Vencida`])
    assert.deepEqual(await list('credential=valid'), [`${tag} Valida`])
    assert.deepEqual(await list('credential=expired'), [`${tag} Vencida`])
    assert.deepEqual(await list('credential=missing'), [`${tag} Istmo`])
    // Empty choices mean "any"; a bad choice is a validation error, not a 500.
    assert.lengthOf(await list('country=&status='), 3)
    const bad = await client.get('/admin/companies?status=LOST').loginAs(admin).redirects(0)
    assert.notEqual(bad.status(), 500)

    const one = await client
      .get(`/admin/companies?q=${tag}&plan=profesional`)
      .loginAs(admin)
      .withInertia()
    const row = one.inertiaProps.companies as { documentsThisMonth: number; credential: string }[]
    assert.equal(row[0].documentsThisMonth, 17)
    assert.equal(row[0].credential, 'valid')
    void panama
  })

  test('the detail shows members, usage, credential, documents and history; unknown ids are 404', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const { tenant, user } = await createCompany('OWNER', { planCode: 'basico' })
    await addMember(tenant, await createUser(), 'OPERATOR')
    await setDocumentsUsed(tenant, 40)
    const response = await client.get(`/admin/companies/${tenant.id}`).loginAs(admin).withInertia()
    response.assertStatus(200)
    const detail = response.inertiaProps.detail as any
    assert.equal(detail.company.id, tenant.id)
    assert.equal(detail.members.length, 2)
    assert.equal(detail.members[0].email, user.email)
    assert.equal(detail.usage.documents.used, 40)
    assert.equal(detail.usage.users.used, 2)
    assert.equal(detail.credential.state, 'missing')

    const missing = await client.get('/admin/companies/999999999').loginAs(admin).withInertia()
    missing.assertStatus(404)
  })
})

test.group('Console companies: actions, audited, with their effect', (group) => {
  group.setup(() => useTestCertificate())
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('suspend blocks issuing with the reason shown; reactivate lets it issue again', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const company = await createEcCompany()
    const reason = 'Uso indebido reportado por el SRI'

    const noReason = await client
      .post(`/admin/companies/${company.tenant.id}/suspend`)
      .form({ reason: '' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    noReason.assertStatus(302)
    await company.tenant.refresh()
    assert.equal(company.tenant.status, 'ACTIVE')

    const suspended = await client
      .post(`/admin/companies/${company.tenant.id}/suspend`)
      .form({ reason })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    suspended.assertHeader('location', `/admin/companies/${company.tenant.id}`)
    await company.tenant.refresh()
    assert.equal(company.tenant.status, 'SUSPENDED')
    const [entry] = await entries(company.tenant.id, 'admin.company_suspended')
    assert.equal(entry.userId, admin.id)
    assert.deepEqual(entry.before, { status: 'ACTIVE' })
    assert.deepEqual(entry.after, { status: 'SUSPENDED', reason })

    // The owner cannot issue and is told why.
    const issue = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    issue.assertStatus(422)
    assert.include(issue.body().errors[0].message, reason)
    const page = await client.get('/app').loginAs(company.user).withInertia()
    assert.deepInclude(page.inertiaProps.billingBanner as object, {
      kind: 'suspended',
      reason: 'platform',
      note: reason,
    })

    // Suspending twice is a clear error, nothing changes.
    const again = await client
      .post(`/admin/companies/${company.tenant.id}/suspend`)
      .form({ reason })
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    again.assertStatus(422)

    const reactivated = await client
      .post(`/admin/companies/${company.tenant.id}/reactivate`)
      .form({ reason: 'Aclarado con el cliente' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    reactivated.assertStatus(302)
    await company.tenant.refresh()
    assert.equal(company.tenant.status, 'ACTIVE')
    const account = await tenantContext.run(company.tenant, () =>
      BillingAccount.query().where('tenant_id', company.tenant.id).firstOrFail()
    )
    assert.isNull(account.suspensionNote)
    assert.isNull(account.suspendedReason)
    const [back] = await entries(company.tenant.id, 'admin.company_reactivated')
    assert.deepEqual(back.after, { status: 'ACTIVE', reason: 'Aclarado con el cliente' })

    const issued = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    assert.equal(issued.status(), 201, JSON.stringify(issued.body()))
    assert.equal(issued.body().status, 'ISSUED')

    // The company's owner sees the console's actions in its own audit log.
    const log = await client.get('/app/audit').loginAs(company.user).withInertia()
    const actions = (log.inertiaProps.logs as { action: string }[]).map((row) => row.action)
    assert.includeMembers(actions, ['admin.company_suspended', 'admin.company_reactivated'])
  })

  test('reactivation goes back to what billing says: past due, trial', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const pastDue = await createTenant()
    await setSubscription(pastDue, 'past_due')
    const trial = await createTenant({ status: 'TRIAL', planCode: 'trial' })
    await asPlatform(() =>
      db.table('billing_accounts').insert({
        tenant_id: trial.id,
        payment_status: 'none',
        trial_ends_at: new Date(Date.now() + 5 * 86_400_000),
        created_at: new Date(),
      })
    )
    for (const [tenant, expected] of [
      [pastDue, 'PAST_DUE'],
      [trial, 'TRIAL'],
    ] as const) {
      for (const verb of ['suspend', 'reactivate']) {
        const response = await client
          .post(`/admin/companies/${tenant.id}/${verb}`)
          .form({ reason: `Prueba ${verb}` })
          .loginAs(admin)
          .withCsrfToken()
          .redirects(0)
        response.assertStatus(302)
      }
      await tenant.refresh()
      assert.equal(tenant.status, expected)
    }
  })

  test('change plan: directly without a subscription, refused when it does not fit, audited', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const { tenant } = await createCompany('OWNER', { planCode: 'empresarial' })
    const change = (plan: string) =>
      client
        .post(`/admin/companies/${tenant.id}/plan`)
        .form({ plan, reason: 'Acuerdo comercial' })
        .header('accept', 'application/json')
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)

    const response = await change('profesional')
    response.assertStatus(302)
    await tenant.refresh()
    assert.equal(tenant.planCode, 'profesional')
    const [entry] = await entries(tenant.id, 'admin.company_plan_changed')
    assert.deepEqual(entry.before, { plan: 'empresarial' })
    assert.deepEqual(entry.after, { plan: 'profesional', reason: 'Acuerdo comercial' })
    expectStatus(await change('profesional'), 422)
    expectStatus(await change('platino'), 422)
    // Basico allows 1 user... and 1 establishment: four members do not fit.
    for (let index = 0; index < 3; index++) await addMember(tenant, await createUser(), 'OPERATOR')
    const tooSmall = await change('basico')
    tooSmall.assertStatus(422)
    await tenant.refresh()
    assert.equal(tenant.planCode, 'profesional')
  })

  test('extend trial: from its end, and a company suspended at the end of its trial is back in trial', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const now = new Date('2031-05-01T12:00:00Z')
    useClock(() => now)
    try {
      const running = await createTenant({ status: 'TRIAL', planCode: 'trial' })
      await asPlatform(() =>
        db.table('billing_accounts').insert({
          tenant_id: running.id,
          payment_status: 'none',
          trial_ends_at: new Date('2031-05-04T12:00:00Z'),
          created_at: now,
        })
      )
      const ended = await createTenant({ status: 'SUSPENDED', planCode: 'trial' })
      await asPlatform(() =>
        db.table('billing_accounts').insert({
          tenant_id: ended.id,
          payment_status: 'none',
          trial_ends_at: new Date('2031-04-20T12:00:00Z'),
          suspended_reason: 'trial_ended',
          created_at: now,
        })
      )
      const active = await createTenant()
      const extend = (tenant: Tenant, days: number) =>
        client
          .post(`/admin/companies/${tenant.id}/trial`)
          .form({ days, reason: 'Feria comercial' })
          .header('accept', 'application/json')
          .loginAs(admin)
          .withCsrfToken()
          .redirects(0)

      expectStatus(await extend(running, 10), 302)
      expectStatus(await extend(ended, 7), 302)
      expectStatus(await extend(active, 7), 422)
      expectStatus(await extend(running, 365), 422)

      const ends = async (tenant: Tenant) => {
        const account = await asPlatform(() =>
          db.from('billing_accounts').where('tenant_id', tenant.id).firstOrFail()
        )
        return account.trial_ends_at
      }
      assert.equal(new Date(await ends(running)).toISOString(), '2031-05-14T12:00:00.000Z')
      assert.equal(new Date(await ends(ended)).toISOString(), '2031-05-08T12:00:00.000Z')
      await ended.refresh()
      assert.equal(ended.status, 'TRIAL')
      const [entry] = await entries(running.id, 'admin.trial_extended')
      assert.deepInclude(entry.after!, { days: 10, reason: 'Feria comercial' })
    } finally {
      useClock(null)
    }
  })

  test('resend access to the owner: verification link when unverified, else a password link', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const { mails } = mail.fake()
    try {
      const unverified = await createCompany('OWNER')
      unverified.user.emailVerifiedAt = null
      await unverified.user.save()
      const verified = await createCompany('OWNER')
      for (const company of [unverified, verified]) {
        const response = await client
          .post(`/admin/companies/${company.tenant.id}/owner-access`)
          .form({ reason: 'El propietario no recibió el correo' })
          .loginAs(admin)
          .withCsrfToken()
          .redirects(0)
        response.assertStatus(302)
      }
      mails.assertSent(VerifyEmailMail, (sent) => sent.message.hasTo(unverified.user.email))
      mails.assertSent(ResetPasswordMail, (sent) => sent.message.hasTo(verified.user.email))
      const [entry] = await entries(verified.tenant.id, 'admin.owner_access_resent')
      assert.deepInclude(entry.after!, { email: verified.user.email, kind: 'password_link' })

      const nobody = await createTenant()
      const refused = await client
        .post(`/admin/companies/${nobody.id}/owner-access`)
        .form({ reason: 'Sin propietario' })
        .header('accept', 'application/json')
        .loginAs(admin)
        .withCsrfToken()
      refused.assertStatus(422)
    } finally {
      mail.restore()
    }
  })
})

test.group('Console companies: read-only support view', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a super-admin sees the company pages, cannot change anything, and the owner sees each access', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const company = await createEcCompany()
    const open = await client
      .post(`/admin/companies/${company.tenant.id}/support`)
      .form({ reason: 'Ticket 4411: no ve sus comprobantes' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    open.assertHeader('location', '/app')
    assert.equal(open.session().supportTenantId, company.tenant.id)
    const withSession = <T extends { withSession(values: Record<string, unknown>): T }>(
      request: T
    ) => request.withSession({ supportTenantId: company.tenant.id })

    const dashboard = await withSession(client.get('/app/documents').loginAs(admin).withInertia())
    dashboard.assertStatus(200)
    assert.deepEqual(dashboard.inertiaProps.supportView, {
      companyId: company.tenant.id,
      tradeName: company.tenant.tradeName,
    })
    assert.equal((dashboard.inertiaProps.tenant as { id: number }).id, company.tenant.id)

    // Every write is refused by the server, whatever the page shows.
    const write = await withSession(
      client
        .post('/app/documents')
        .json(invoiceInput(company))
        .header('accept', 'application/json')
        .loginAs(admin)
        .withCsrfToken()
    )
    write.assertStatus(403)
    const count = await asPlatform(() =>
      db.from('documents').where('tenant_id', company.tenant.id).count('* as n')
    )
    assert.equal(Number(count[0].n), 0)
    const customer = await withSession(
      client
        .post('/app/customers')
        .form({ identificationType: '05', identification: '1710034065', legalName: 'Nuevo' })
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
    )
    assert.equal(customer.status(), 303)

    // The owner sees the opening (with its reason) and the pages seen.
    const log = await client.get('/app/audit').loginAs(company.user).withInertia()
    const rows = log.inertiaProps.logs as {
      action: string
      after: Record<string, unknown> | null
    }[]
    const opened = rows.find((row) => row.action === 'admin.support_view_opened')
    assert.deepEqual(opened?.after, { reason: 'Ticket 4411: no ve sus comprobantes' })
    assert.isTrue(
      rows.some(
        (row) => row.action === 'admin.support_page_viewed' && row.after?.path === '/app/documents'
      )
    )

    // Leaving it goes back to the company in the console.
    const end = await withSession(
      client.post('/admin/support/end').loginAs(admin).withCsrfToken().redirects(0)
    )
    end.assertHeader('location', `/admin/companies/${company.tenant.id}`)
  })

  test('only super-admins can open it', async ({ client }) => {
    const { tenant, user } = await createCompany('OWNER')
    const response = await client
      .post(`/admin/companies/${tenant.id}/support`)
      .form({ reason: 'curiosidad' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(404)
  })
})
