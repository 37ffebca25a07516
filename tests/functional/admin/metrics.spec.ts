import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { useClock } from '#core/clock'
import { createTenant, createUser } from '#tests/helpers/accounts'
import {
  at,
  insertCertificate,
  insertDocuments,
  insertPacCredentials,
  setSubscription,
  asPlatform,
} from '#tests/helpers/admin'
import type { OverviewDto } from '#admin/actions/build_overview'

/*
 * Every figure of the overview on seeded data with known answers. Windowed
 * figures run with the clock in 2031, so only this file's rows fall in
 * their windows; platform totals (companies, MRR) are compared before and
 * after seeding, since other suites' committed rows may exist.
 */
const NOW = '2031-03-12T12:00:00.000Z'

async function overview(client: any, admin: any): Promise<OverviewDto> {
  const response = await client.get('/admin').loginAs(admin).withInertia()
  response.assertStatus(200)
  response.assertInertiaComponent('admin/overview')
  return response.inertiaProps.overview as OverviewDto
}

test.group('Console overview: figures with known answers', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    useClock(() => at(NOW))
    return () => useClock(null)
  })

  test('companies, MRR and its change, documents, authorities, top companies', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const before = await overview(client, admin)

    const a = await createTenant({ tradeName: 'Alfa', status: 'ACTIVE', planCode: 'profesional' })
    const b = await createTenant({ tradeName: 'Beta', status: 'PAST_DUE', planCode: 'basico' })
    const c = await createTenant({
      tradeName: 'Gama',
      country: 'PA',
      status: 'CANCELLED',
      planCode: 'empresarial',
    })
    const d = await createTenant({
      tradeName: 'Delta',
      country: 'PA',
      status: 'TRIAL',
      planCode: 'trial',
    })
    await setSubscription(a, 'active')
    await setSubscription(b, 'past_due')
    await setSubscription(c, 'canceled')
    await setSubscription(d, null)
    await insertCertificate(a, '2031-12-31T00:00:00Z')
    await insertCertificate(b, '2031-03-01T00:00:00Z')
    await insertPacCredentials(c, 'test')
    await insertPacCredentials(d, 'production')

    // The reading kept 30 days earlier.
    await db.table('mrr_snapshots').insert({ day: '2031-02-10', mrr: '50.00', subscriptions: 1 })

    await insertDocuments(a, [
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-10T10:00:00Z',
        authorizedAt: '2031-03-10T10:00:10Z',
      },
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-10T11:00:00Z',
        authorizedAt: '2031-03-10T11:00:20Z',
      },
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-11T09:00:00Z',
        authorizedAt: '2031-03-11T09:00:30Z',
      },
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-11T09:30:00Z',
        authorizedAt: '2031-03-11T09:31:40Z',
      },
      { status: 'REJECTED', signedAt: '2031-03-11T10:00:00Z', rejectedAt: '2031-03-11T10:00:05Z' },
      { status: 'PENDING', signedAt: '2031-03-12T08:00:00Z', pendingSince: '2031-03-12T08:00:00Z' },
      // Left out: a demo document and one outside the 30 days.
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-12T09:00:00Z',
        authorizedAt: '2031-03-12T09:00:01Z',
        isDemo: true,
      },
      {
        status: 'AUTHORIZED',
        signedAt: '2031-01-01T09:00:00Z',
        authorizedAt: '2031-01-01T09:00:05Z',
      },
    ])
    await insertDocuments(c, [
      {
        status: 'AUTHORIZED',
        signedAt: '2031-03-05T12:00:00Z',
        authorizedAt: '2031-03-05T12:01:00Z',
      },
      { status: 'REJECTED', signedAt: '2031-03-05T13:00:00Z', rejectedAt: '2031-03-05T13:00:02Z' },
    ])

    const after = await overview(client, admin)

    // Companies (differences: other suites may have left companies behind).
    assert.equal(after.companies.total - before.companies.total, 4)
    const status = (key: keyof OverviewDto['companies']['byStatus']) =>
      after.companies.byStatus[key] - before.companies.byStatus[key]
    assert.deepEqual(
      [
        status('ACTIVE'),
        status('PAST_DUE'),
        status('CANCELLED'),
        status('TRIAL'),
        status('SUSPENDED'),
      ],
      [1, 1, 1, 1, 0]
    )
    const plan = (figures: OverviewDto, code: string) =>
      figures.companies.byPlan.find((row) => row.plan === code)?.count ?? 0
    for (const code of ['profesional', 'basico', 'empresarial', 'trial']) {
      assert.equal(plan(after, code) - plan(before, code), 1, code)
    }
    // Alfa's certificate is valid, Beta's expired; Gama has tokens for its
    // environment, Delta only for the other one.
    assert.equal(after.companies.withValidCredential - before.companies.withValidCredential, 2)

    // MRR: 59 (Alfa, active) + 29 (Beta, past due); Gama cancelled, Delta in trial.
    const cents = (value: string) => Math.round(Number(value) * 100)
    assert.equal(cents(after.revenue.mrr) - cents(before.revenue.mrr), 8800)
    assert.equal(after.revenue.subscriptions - before.revenue.subscriptions, 2)
    assert.deepEqual(after.revenue.previous, { day: '2031-02-10', mrr: '50.00' })
    assert.equal(cents(after.revenue.change!), cents(after.revenue.mrr) - 5000)
    const snapshot = await db.from('mrr_snapshots').where('day', '2031-03-12').firstOrFail()
    assert.equal(Number(snapshot.mrr), Number(after.revenue.mrr))

    // Documents per day over the 30 days ending today.
    assert.deepEqual(after.documents.period, { from: '2031-02-11', to: '2031-03-12' })
    assert.lengthOf(after.documents.days, 30)
    const day = (iso: string) => after.documents.days.find((row) => row.day === iso)
    assert.deepEqual(day('2031-03-05'), {
      day: '2031-03-05',
      issued: 2,
      authorized: 1,
      rejected: 1,
    })
    assert.deepEqual(day('2031-03-10'), {
      day: '2031-03-10',
      issued: 2,
      authorized: 2,
      rejected: 0,
    })
    assert.deepEqual(day('2031-03-11'), {
      day: '2031-03-11',
      issued: 3,
      authorized: 2,
      rejected: 1,
    })
    assert.deepEqual(day('2031-03-12'), {
      day: '2031-03-12',
      issued: 1,
      authorized: 0,
      rejected: 0,
    })
    assert.deepEqual(after.documents.totals, { issued: 8, authorized: 5, rejected: 2 })

    // Authorization rate and issue→authorized percentiles per authority.
    // EC: 4 of 5 answered authorized; times 10, 20, 30, 100 s →
    // p50 = 25, p95 = 30 + 0.85 × 70 = 89.5 (linear interpolation).
    const ec = after.authorities.authorities.find((row) => row.country === 'EC')!
    assert.deepInclude(ec, { decided: 5, authorized: 4, rejected: 1, authorizationRate: 0.8 })
    assert.equal(ec.p50Seconds, 25)
    assert.equal(ec.p95Seconds, 89.5)
    const pa = after.authorities.authorities.find((row) => row.country === 'PA')!
    assert.deepInclude(pa, { decided: 2, authorized: 1, rejected: 1, authorizationRate: 0.5 })
    assert.equal(pa.p50Seconds, 60)
    assert.equal(pa.p95Seconds, 60)

    // Top companies by documents issued in the period.
    assert.deepEqual(
      after.top.companies.map((row) => [row.tradeName, row.documents]),
      [
        ['Alfa', 6],
        ['Gama', 2],
      ]
    )

    // Queues: every configured queue, read from Redis.
    assert.deepEqual(
      after.queues.map((row) => row.name),
      ['default', 'catalog-imports', 'report-exports', 'webhooks']
    )
    assert.isTrue(after.queues.every((row) => row.reachable))
  })

  test('sign-ups and cancellations per ISO week', async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const monday = '2031-03-10'
    const previousMonday = '2031-03-03'
    const one = await createTenant({ createdAt: undefined })
    await db
      .from('tenants')
      .where('id', one.id)
      .update({ created_at: at('2031-03-11T10:00:00Z') })
    const two = await createTenant()
    await db
      .from('tenants')
      .where('id', two.id)
      .update({ created_at: at('2031-03-10T00:30:00Z') })
    const three = await createTenant()
    await db
      .from('tenants')
      .where('id', three.id)
      .update({ created_at: at('2031-03-04T08:00:00Z') })
    // Cancellations as the billing module records them; other status changes do not count.
    const change = (tenantId: number, status: string, when: string) =>
      asPlatform(() =>
        db.table('audit_logs').insert({
          tenant_id: tenantId,
          action: 'billing.status_changed',
          entity: 'tenant',
          entity_id: String(tenantId),
          before: JSON.stringify({ status: 'ACTIVE' }),
          after: JSON.stringify({ status, cause: 'subscription_canceled' }),
          created_at: at(when),
        })
      )
    await change(three.id, 'CANCELLED', '2031-03-05T09:00:00Z')
    await change(two.id, 'PAST_DUE', '2031-03-11T09:00:00Z')
    await change(one.id, 'CANCELLED', '2031-03-12T09:00:00Z')

    const figures = await overview(client, admin)
    assert.lengthOf(figures.movement.weeks, 12)
    assert.equal(figures.movement.period.to, '2031-03-12')
    const week = (iso: string) => figures.movement.weeks.find((row) => row.week === iso)
    assert.deepEqual(week(monday), { week: monday, signups: 2, cancellations: 1 })
    assert.deepEqual(week(previousMonday), { week: previousMonday, signups: 1, cancellations: 1 })
  })

  test("the overview renders on the server with its charts' tables", async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const response = await client.get('/admin').loginAs(admin)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Resumen de la plataforma')
    assert.include(html, 'data-chart="documents"')
    assert.include(html, 'Ver los datos en una tabla')
  })
})
