import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import { Worker } from 'bullmq'
import { parse } from 'csv-parse/sync'
import Plan from '#billing/models/plan'
import AuditLog from '#accounts/models/audit_log'
import { useClock } from '#core/clock'
import { createCompany, createTenant, createUser } from '#tests/helpers/accounts'
import { at, insertDocuments, insertEvent, setSubscription, asPlatform } from '#tests/helpers/admin'
import type { AlertDto } from '#admin/alerts/inbox'
import type { AuthorityHealth } from '#admin/health/authorities'

function platformEntries(action: string) {
  return AuditLog.query({ withoutTenantScope: 'the test reads the audit trail of every company' })
    .where('action', action)
    .orderBy('id', 'desc')
}

const planForm = {
  code: 'pyme_plus',
  nameEs: 'Pyme Plus',
  nameEn: 'SME Plus',
  descriptionEs: 'Para comercios con varias cajas',
  descriptionEn: 'For shops with several tills',
  priceMonthly: 79.5,
  stripePriceId: 'price_pyme_plus',
  documentsPerMonth: 2000,
  establishments: 3,
  users: 8,
  apiAccess: true,
  isPublic: true,
  sortOrder: 25,
  reason: 'Nuevo plan para cadenas pequeñas',
}

test.group('Console plans', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('create, edit and retire a plan; subscribers keep it; every change audited', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const created = await client
      .post('/admin/plans')
      .json(planForm)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    created.assertHeader('location', '/admin/plans')
    const plan = await Plan.findByOrFail('code', 'pyme_plus')
    assert.equal(plan.priceMonthly, '79.50')
    assert.deepEqual(plan.name, { es: 'Pyme Plus', en: 'SME Plus' })
    assert.deepInclude(plan.limits, { documentsPerMonth: 2000, establishments: 3, users: 8 })
    const [creation] = await platformEntries('admin.plan_created')
    assert.equal(creation.entityId, String(plan.id))
    assert.equal(creation.after?.reason, 'Nuevo plan para cadenas pequeñas')

    // A taken code, a bad price id and a missing reason are clear errors.
    const duplicate = await client
      .post('/admin/plans')
      .json(planForm)
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    duplicate.assertStatus(422)
    const invalid = await client
      .post('/admin/plans')
      .json({ ...planForm, code: 'otro', stripePriceId: 'precio', reason: '' })
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    invalid.assertStatus(422)
    assert.includeMembers(
      (invalid.body().errors as { field: string }[]).map((error) => error.field),
      ['stripePriceId', 'reason']
    )

    const edited = await client
      .put(`/admin/plans/${plan.id}`)
      .json({ ...planForm, priceMonthly: 89, users: 10, reason: 'Ajuste de precio' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    edited.assertStatus(302)
    await plan.refresh()
    assert.equal(plan.priceMonthly, '89.00')
    const [edit] = await platformEntries('admin.plan_updated')
    assert.deepEqual(edit.before, { priceMonthly: '79.50', users: 8 })
    assert.deepEqual(edit.after, { priceMonthly: '89.00', users: 10, reason: 'Ajuste de precio' })

    const subscriber = await createTenant({ planCode: 'pyme_plus' })
    const retired = await client
      .post(`/admin/plans/${plan.id}/retire`)
      .form({ reason: 'Reemplazado por Profesional' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    retired.assertStatus(302)
    await plan.refresh()
    assert.isFalse(plan.isActive)
    assert.isFalse(plan.isPublic)
    await subscriber.refresh()
    assert.equal(subscriber.planCode, 'pyme_plus')
    const [retirement] = await platformEntries('admin.plan_retired')
    assert.deepEqual(retirement.after, {
      isActive: false,
      subscribers: 1,
      reason: 'Reemplazado por Profesional',
    })
    // Not for sale any more, and no company can be moved onto it.
    const forSale = await Plan.forSale()
    assert.notInclude(
      forSale.map((row) => row.code),
      'pyme_plus'
    )
    const other = await createTenant()
    const moved = await client
      .post(`/admin/companies/${other.id}/plan`)
      .form({ plan: 'pyme_plus', reason: 'Prueba' })
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    moved.assertStatus(422)

    const trial = await Plan.findByOrFail('code', 'trial')
    const keepTrial = await client
      .post(`/admin/plans/${trial.id}/retire`)
      .form({ reason: 'No' })
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    keepTrial.assertStatus(422)
  })
})

test.group('Console alerts inbox', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    useClock(() => at('2031-06-10T12:00:00Z'))
    return () => useClock(null)
  })

  test('limits, failed payments, stuck documents and rising authority errors; acknowledged once, audited', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const full = await createTenant({ tradeName: 'Llena', planCode: 'basico' })
    await asPlatform(() =>
      db.table('limit_alerts').insert({
        tenant_id: full.id,
        limit_kind: 'documents',
        threshold: 100,
        period_start: '2031-06-01',
        used: 100,
        maximum: 100,
        plan_code: 'basico',
        recipients: 1,
        created_at: at('2031-06-09T10:00:00Z'),
      })
    )
    const late = await createTenant({ tradeName: 'Morosa', status: 'PAST_DUE' })
    await setSubscription(late, 'past_due')
    await asPlatform(() =>
      db
        .from('billing_accounts')
        .where('tenant_id', late.id)
        .update({
          last_payment_failed_at: at('2031-06-08T09:00:00Z'),
          grace_ends_at: at('2031-06-15T09:00:00Z'),
        })
    )
    const slow = await createTenant({ tradeName: 'Lenta' })
    const [waiting] = await insertDocuments(slow, [
      { status: 'PENDING', signedAt: '2031-06-10T09:00:00Z', pendingSince: '2031-06-10T09:00:00Z' },
      { status: 'PENDING', signedAt: '2031-06-10T11:30:00Z', pendingSince: '2031-06-10T11:30:00Z' },
    ])
    // Six transport errors in the last hour against one the day before.
    for (const minute of ['05', '10', '15', '20', '25', '30']) {
      await insertEvent(slow, waiting, 'transport_error', `2031-06-10T11:${minute}:00Z`)
    }
    await insertEvent(slow, waiting, 'transport_error', '2031-06-09T20:00:00Z')

    const inbox = async () => {
      const response = await client.get('/admin/alerts').loginAs(admin).withInertia()
      response.assertStatus(200)
      return response.inertiaProps.alerts as AlertDto[]
    }
    const alerts = await inbox()
    const of = (kind: string, company?: number) =>
      alerts.find((alert) => alert.kind === kind && (!company || alert.company?.id === company))
    assert.deepInclude(of('limit', full.id)!.details, {
      limit: 'documents',
      threshold: 100,
      used: 100,
    })
    assert.equal(of('payment_failed', late.id)!.details.graceEndsAt, '2031-06-15T09:00:00.000Z')
    // Only the document waiting more than an hour is stuck.
    assert.deepInclude(of('documents_stuck', slow.id)!.details, { documents: 1, flagged: 0 })
    const errors = alerts.find(
      (alert) => alert.kind === 'authority_errors' && alert.details.country === 'EC'
    )!
    assert.deepInclude(errors.details, { lastHour: 6 })

    const key = of('payment_failed', late.id)!.key
    for (let round = 0; round < 2; round++) {
      const response = await client
        .post('/admin/alerts/acknowledge')
        .form({ key, note: 'Llamamos al cliente' })
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }
    const after = await inbox()
    const acknowledged = after.find((alert) => alert.key === key)!
    assert.equal(acknowledged.acknowledged?.by, admin.email)
    assert.equal(acknowledged.acknowledged?.note, 'Llamamos al cliente')
    const audited = await platformEntries('admin.alert_acknowledged').where('entity_id', key)
    assert.lengthOf(audited, 1)
    assert.equal(audited[0].tenantId, late.id)

    const unknown = await client
      .post('/admin/alerts/acknowledge')
      .form({ key: 'payment:0:0' })
      .header('accept', 'application/json')
      .loginAs(admin)
      .withCsrfToken()
    unknown.assertStatus(422)
  })
})

test.group('Console authority and queue health', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('per authority: last answer, error rate, latency and backlog with known answers', async ({
    client,
    assert,
  }) => {
    useClock(() => at('2031-07-01T12:00:00Z'))
    try {
      const admin = await createUser({ isSuperAdmin: true })
      const company = await createTenant({ country: 'PA' })
      const [first, , waiting] = await insertDocuments(company, [
        {
          status: 'AUTHORIZED',
          signedAt: '2031-07-01T11:30:00Z',
          authorizedAt: '2031-07-01T11:30:30Z',
        },
        {
          status: 'AUTHORIZED',
          signedAt: '2031-07-01T02:00:00Z',
          authorizedAt: '2031-07-01T02:01:30Z',
        },
        {
          status: 'PENDING',
          signedAt: '2031-07-01T10:00:00Z',
          pendingSince: '2031-07-01T10:00:00Z',
          flagged: true,
        },
      ])
      await insertEvent(company, first, 'authorized', '2031-07-01T11:30:30Z')
      await insertEvent(company, first, 'transport_error', '2031-07-01T11:40:00Z')
      await insertEvent(company, first, 'status_checked', '2031-07-01T03:00:00Z')
      await insertEvent(company, waiting, 'transport_error', '2031-07-01T04:00:00Z')

      const response = await client.get('/admin/health').loginAs(admin).withInertia()
      response.assertStatus(200)
      response.assertInertiaComponent('admin/health/show')
      const panama = (response.inertiaProps.authorities as AuthorityHealth[]).find(
        (row) => row.country === 'PA'
      )!
      assert.equal(panama.lastSuccessAt, '2031-07-01T11:30:30.000Z')
      // Last hour: one answer and one error; 30 s to authorize.
      assert.deepEqual(panama.lastHour, {
        calls: 2,
        errors: 1,
        errorRate: 0.5,
        p50Seconds: 30,
        p95Seconds: 30,
      })
      // Last day: two answers, two errors; 30 s and 90 s.
      assert.deepEqual(panama.lastDay, {
        calls: 4,
        errors: 2,
        errorRate: 0.5,
        p50Seconds: 60,
        p95Seconds: 87,
      })
      assert.deepEqual(panama.backlog, {
        documents: 1,
        oldestSince: '2031-07-01T10:00:00.000Z',
        flagged: 1,
      })
      const rows = response.inertiaProps.waiting as { id: number }[]
      assert.include(
        rows.map((row) => row.id),
        waiting
      )
    } finally {
      useClock(null)
    }
  })

  test('a failed job can be retried or dropped, with the reason audited', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const { tenant } = await createCompany('OWNER')
    const name = 'catalog-imports'
    const target = queue.getOrSet(name)
    const failing = new Worker(
      name,
      async () => {
        throw new Error('import file missing')
      },
      // The queue's own Redis connection and prefix, as the app's worker would use.
      { prefix: target.opts.prefix, connection: target.opts.connection }
    )
    try {
      const jobs = [
        await target.add('admin-test', { tenantId: tenant.id }, { attempts: 1 }),
        await target.add('admin-test', { tenantId: tenant.id }, { attempts: 1 }),
      ]
      for (let wait = 0; wait < 100; wait++) {
        const states = await Promise.all(jobs.map((job) => target.getJobState(job.id!)))
        if (states.every((state) => state === 'failed')) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await failing.close()

      const page = await client.get('/admin/health').loginAs(admin).withInertia()
      const failed = page.inertiaProps.failed as {
        id: string
        failedReason: string
        tenantId: number
      }[]
      const listed = failed.find((job) => job.id === jobs[0].id)!
      assert.equal(listed.failedReason, 'import file missing')
      assert.equal(listed.tenantId, tenant.id)

      const retry = await client
        .post(`/admin/health/queues/${name}/jobs/${jobs[0].id}/retry`)
        .form({ reason: 'Archivo restaurado' })
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
      retry.assertStatus(302)
      assert.notEqual(await target.getJobState(jobs[0].id!), 'failed')
      const drop = await client
        .post(`/admin/health/queues/${name}/jobs/${jobs[1].id}/drop`)
        .form({ reason: 'Importación duplicada' })
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
      drop.assertStatus(302)
      assert.isUndefined(await target.getJob(jobs[1].id!))

      const [retried] = await platformEntries('admin.job_retried')
      assert.equal(retried.tenantId, tenant.id)
      assert.deepEqual(retried.after, { reason: 'Archivo restaurado' })
      const [dropped] = await platformEntries('admin.job_dropped')
      assert.deepEqual(dropped.after, { reason: 'Importación duplicada' })

      // A job that is not failed (or not there) is a clear error.
      const again = await client
        .post(`/admin/health/queues/${name}/jobs/${jobs[1].id}/drop`)
        .form({ reason: 'Otra vez' })
        .header('accept', 'application/json')
        .loginAs(admin)
        .withCsrfToken()
      again.assertStatus(422)
      const elsewhere = await client
        .post(`/admin/health/queues/otra/jobs/1/drop`)
        .form({ reason: 'Otra cola' })
        .header('accept', 'application/json')
        .loginAs(admin)
        .withCsrfToken()
      elsewhere.assertStatus(422)
    } finally {
      await failing.close()
      await target.obliterate({ force: true }).catch(() => {})
    }
  })

  test('the backlog JSON stays for monitoring, for super-admins only', async ({ client }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const response = await client.get('/admin/documents/backlog').loginAs(admin)
    response.assertStatus(200)
    response.assertBodyContains({ byStatus: {} })
    const guest = await client.get('/admin/documents/backlog')
    guest.assertStatus(404)
  })
})

test.group('Console platform audit log', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('super-admin actions and security events, filtered, exported as CSV', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const company = await createCompany('OWNER', { tradeName: '=HYPERLINK("x")' })
    await client
      .post(`/admin/companies/${company.tenant.id}/suspend`)
      .form({ reason: 'Revisión de fraude' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    // A company's own action stays out of the platform view.
    await asPlatform(() =>
      db.table('audit_logs').insert({
        tenant_id: company.tenant.id,
        user_id: company.user.id,
        action: 'customer.created',
        created_at: new Date(),
      })
    )

    const page = await client
      .get(`/admin/audit?company=${company.tenant.id}`)
      .loginAs(admin)
      .withInertia()
    page.assertStatus(200)
    const actions = (page.inertiaProps.entries as { action: string }[]).map((row) => row.action)
    assert.deepEqual(actions, ['admin.company_suspended'])
    const all = await client
      .get(`/admin/audit?company=${company.tenant.id}&scope=all`)
      .loginAs(admin)
      .withInertia()
    assert.includeMembers(
      (all.inertiaProps.entries as { action: string }[]).map((row) => row.action),
      ['admin.company_suspended', 'customer.created']
    )
    const bad = await client.get('/admin/audit?from=ayer').loginAs(admin).redirects(0)
    assert.notEqual(bad.status(), 500)

    const exported = await client
      .get(`/admin/audit/export?company=${company.tenant.id}&action=admin.company_suspended`)
      .loginAs(admin)
    exported.assertStatus(200)
    exported.assertHeader('content-type', 'text/csv; charset=utf-8')
    const rows = parse(exported.text().replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[]
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].action, 'admin.company_suspended')
    // The company's name would be a formula in a spreadsheet: written as text.
    assert.equal(rows[0].company, `'=HYPERLINK("x")`)
    assert.include(rows[0].after, 'Revisión de fraude')
    const [record] = await platformEntries('admin.audit_exported')
    assert.equal(record.userId, admin.id)
  })
})
