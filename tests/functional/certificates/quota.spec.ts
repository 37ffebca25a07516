/*
 * The folios a PAC company has left (the quota service of its adapter,
 * HKA's FoliosRestantes, against the simulator): the daily watch queues a
 * reading per company that can be asked, the reading is stored per
 * company and environment, failures are stored without losing the last
 * good figures, authorizations share one delayed reading per company, and
 * owners are warned once per threshold (20 %, 5 %, none left), again after
 * folios went back up.
 */
import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import queue from '@rlanz/bull-queue/services/main'
import emitter from '@adonisjs/core/services/emitter'
import AuthorityQuota from '#certificates/models/authority_quota'
import Notification from '#certificates/models/notification'
import QuotaLowMail from '#certificates/mails/quota_low_mail'
import RefreshQuotaJob from '#certificates/jobs/refresh_quota_job'
import QuotaWatchJob from '#certificates/jobs/quota_watch_job'
import { refreshQuota } from '#certificates/quota/refresh_quota'
import { companiesWithQuota, watchQuotas } from '#certificates/quota/watch_quotas'
import {
  QUOTA_QUEUE,
  QUOTA_REFRESH_DELAY_MS,
  quotaRefreshJobId,
} from '#certificates/quota/queue_quota_refresh'
import { QUOTA_WATCH_SCHEDULER, scheduleQuotaWatch } from '#certificates/jobs/schedule_quota_watch'
import { planAlerts, reachedThresholds } from '#certificates/quota/thresholds'
import { tenantContext } from '#tenancy/tenant_context'
import type Tenant from '#tenancy/models/tenant'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcCompany } from '#tests/helpers/invoicing'
import { hkaGroup, issueThroughHka, istmo, type Istmo } from '#tests/helpers/panama'
import { INSPECT } from '#tests/helpers/tenancy'

const DEMO_TOKENS = {
  tokenEmpresa: 'demo-istmo-token-empresa',
  tokenPassword: 'demo-istmo-token-password',
}

function readingOf(company: Istmo) {
  return tenantContext.run(company.tenant, () =>
    AuthorityQuota.query().where('environment', 'test').firstOrFail()
  )
}

async function readingField<Field extends keyof AuthorityQuota>(company: Istmo, field: Field) {
  const reading = await readingOf(company)
  return reading[field]
}

async function outcomeOf(tenant: Tenant) {
  const result = await refreshQuota(tenant)
  return result.outcome
}

async function alertOf(tenant: Tenant) {
  const result = await refreshQuota(tenant)
  return result.alert
}

test.group('Quota thresholds', () => {
  test('reached thresholds by share left, and none left without a total', ({ assert }) => {
    assert.deepEqual(reachedThresholds(21, 100), [])
    assert.deepEqual(reachedThresholds(20, 100), [20])
    assert.deepEqual(reachedThresholds(6, 100), [20])
    assert.deepEqual(reachedThresholds(5, 100), [20, 5])
    assert.deepEqual(reachedThresholds(0, 100), [20, 5, 0])
    assert.deepEqual(reachedThresholds(250, 5000), [20, 5])
    assert.deepEqual(reachedThresholds(251, 5000), [20])
    assert.deepEqual(reachedThresholds(3, null), [])
    assert.deepEqual(reachedThresholds(0, null), [0])
  })

  test('the most urgent new threshold is sent; ones no longer reached are re-armed', ({
    assert,
  }) => {
    assert.deepEqual(planAlerts([20, 5], []), { send: 5, remember: [20, 5] })
    assert.deepEqual(planAlerts([20, 5], [20]), { send: 5, remember: [20, 5] })
    assert.deepEqual(planAlerts([20, 5], [20, 5]), { send: null, remember: [20, 5] })
    assert.deepEqual(planAlerts([], [20, 5, 0]), { send: null, remember: [] })
    assert.deepEqual(planAlerts([20], [20, 5]), { send: null, remember: [20] })
  })
})

test.group('Quota readings (HKA simulator)', (group) => {
  const hka = hkaGroup(group)
  group.each.teardown(() => mail.restore())

  test('the daily watch queues one reading per company that can be asked; the job stores it', async ({
    assert,
  }) => {
    const company = await istmo()
    const withoutTokens = await createCompany('OWNER', { country: 'PA' })
    const ecuador = await createEcCompany()
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: 30 })

    const companies = await companiesWithQuota()
    assert.include(companies, company.tenant.id)
    assert.notInclude(companies, withoutTokens.tenant.id)
    assert.notInclude(companies, ecuador.tenant.id)

    await new QuotaWatchJob().handle({})
    const bull = queue.getOrSet(QUOTA_QUEUE)
    const job = await bull.getJob(quotaRefreshJobId(company.tenant.id))
    assert.exists(job)
    assert.equal(job!.data.tenantId, company.tenant.id)
    assert.equal(job!.opts.delay, 0)
    assert.notExists(await bull.getJob(quotaRefreshJobId(withoutTokens.tenant.id)))
    assert.notExists(await bull.getJob(quotaRefreshJobId(ecuador.tenant.id)))
    // Run again the same day: still one reading waiting for the company.
    const again = await watchQuotas()
    assert.equal(again.failed, 0)
    const waitingJobs = await bull.getJobs(['waiting', 'delayed'])
    assert.lengthOf(
      waitingJobs.filter((queued) => queued.id === quotaRefreshJobId(company.tenant.id)),
      1
    )

    // What the worker does with it.
    await new RefreshQuotaJob().handle({ tenantId: company.tenant.id })
    const reading = await readingOf(company)
    assert.equal(reading.available, 70)
    assert.equal(reading.used, 30)
    assert.equal(reading.total, 100)
    assert.equal(reading.percentLeft, 70)
    assert.isNotNull(reading.licenceTo)
    assert.isNotNull(reading.checkedAt)
    assert.isNull(reading.lastError)
    assert.deepEqual(reading.alertedThresholds, [])
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 1)
  })

  test('the schedule is registered once, whatever the number of worker starts', async ({
    assert,
  }) => {
    await scheduleQuotaWatch()
    await scheduleQuotaWatch()
    const schedulers = await queue.getOrSet(QUOTA_QUEUE).getJobSchedulers()
    const ours = schedulers.filter((scheduler) => scheduler.key === QUOTA_WATCH_SCHEDULER)
    assert.lengthOf(ours, 1)
    assert.equal(ours[0].pattern, '30 10 * * *')
    await queue.getOrSet(QUOTA_QUEUE).removeJobScheduler(QUOTA_WATCH_SCHEDULER)
  })

  test('a failure is stored beside the last good figures, never thrown', async ({ assert }) => {
    const company = await istmo()
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: 40 })
    assert.equal(await outcomeOf(company.tenant), 'ok')

    hka.simulator.setFault({ mode: 'down', operation: 'FoliosRestantes', times: 1 })
    const failed = await refreshQuota(company.tenant)
    assert.equal(failed.outcome, 'failed')
    const reading = await readingOf(company)
    assert.equal(reading.available, 60)
    assert.isNotNull(reading.lastError)
    assert.isString(reading.lastError!.es)
    assert.isNotNull(reading.lastErrorAt)

    // Wrong tokens: the PAC's refusal is stored, the figures stay.
    hka.simulator.register({ ...DEMO_TOKENS, tokenPassword: 'otra-clave', cycleTotal: 100 })
    const refused = await refreshQuota(company.tenant)
    assert.equal(refused.outcome, 'rejected')
    assert.equal(await readingField(company, 'available'), 60)

    // The next good reading clears the error.
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: 41 })
    assert.equal(await outcomeOf(company.tenant), 'ok')
    const cleared = await readingOf(company)
    assert.equal(cleared.available, 59)
    assert.isNull(cleared.lastError)
  })

  test('a company without the quota service or without tokens is not asked', async ({ assert }) => {
    const ecuador = await createEcCompany()
    assert.equal(await outcomeOf(ecuador.tenant), 'unsupported')
    const bare = await createCompany('OWNER', { country: 'PA' })
    assert.equal(await outcomeOf(bare.tenant), 'no_credentials')
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 0)
    const rows = await AuthorityQuota.query({ withoutTenantScope: INSPECT }).whereIn('tenant_id', [
      ecuador.tenant.id,
      bare.tenant.id,
    ])
    assert.lengthOf(rows, 0)
  })

  test('owners get one mail and one notice per threshold, re-armed when folios go back up', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    const company = await istmo()
    const secondOwner = await createUser({ locale: 'en' })
    await addMember(company.tenant, secondOwner, 'OWNER')
    const admin = await createUser()
    await addMember(company.tenant, admin, 'ADMIN')

    const sent: Array<number | null> = []
    const readAt = async (used: number) => {
      hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: used })
      const result = await refreshQuota(company.tenant)
      assert.equal(result.outcome, 'ok')
      sent.push(result.alert)
    }
    // 21 left, 20, 20 again, 4, 3, none, refilled, 15 left.
    for (const used of [79, 80, 80, 96, 97, 100, 0, 85]) await readAt(used)
    assert.deepEqual(sent, [null, 20, null, 5, null, 0, null, 20])

    const quotaMails = mails.sent().filter((item) => item instanceof QuotaLowMail)
    // Four alerts, two owners each; never the admin.
    assert.lengthOf(quotaMails, 8)
    assert.isFalse(quotaMails.some((item) => item.message.hasTo(admin.email)))
    mails.assertSent(
      QuotaLowMail,
      ({ message }) =>
        message.hasTo(company.owner.email) &&
        message.hasSubject(`${company.tenant.tradeName}: te quedan 20 folios (20 %)`) &&
        String(message.toJSON().message.html).includes('/app/settings/certificates')
    )
    mails.assertSent(
      QuotaLowMail,
      ({ message }) =>
        message.hasTo(secondOwner.email) &&
        message.hasSubject(`${company.tenant.tradeName}: 4 folios left (4 %)`)
    )
    mails.assertSent(
      QuotaLowMail,
      ({ message }) =>
        message.hasTo(company.owner.email) &&
        message.hasSubject(`${company.tenant.tradeName}: no te quedan folios`)
    )

    const notices = await Notification.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .where('user_id', company.owner.id)
      .orderBy('id')
    assert.deepEqual(
      notices.map((notice) => [notice.kind, notice.params.threshold, notice.severity]),
      [
        ['quota_low', 20, 'warning'],
        ['quota_low', 5, 'danger'],
        ['quota_exhausted', 0, 'danger'],
        ['quota_low', 20, 'warning'],
      ]
    )
    assert.deepEqual(await readingField(company, 'alertedThresholds'), [20])
  })

  test('a mail failure sends nothing and the next reading tries again', async ({ assert }) => {
    const company = await istmo()
    const { mails } = mail.fake()
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: 90 })
    const original = mail.send.bind(mail)
    mail.send = (async () => {
      throw new Error('SMTP down')
    }) as typeof mail.send
    try {
      assert.isNull(await alertOf(company.tenant))
    } finally {
      mail.send = original
    }
    assert.deepEqual(await readingField(company, 'alertedThresholds'), [])
    assert.equal(await alertOf(company.tenant), 20)
    assert.lengthOf(
      mails.sent().filter((item) => item instanceof QuotaLowMail),
      1
    )
  })

  test('authorizations share one delayed reading per company (debounce)', async ({
    assert,
    client,
  }) => {
    const company = await istmo()
    const bull = queue.getOrSet(QUOTA_QUEUE)
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 100, cycleUsed: 0 })

    // A real authorization through the pipeline announces document:authorized.
    const { document } = await issueThroughHka(client, company)
    assert.equal(document.status, 'AUTHORIZED')
    const first = await bull.getJob(quotaRefreshJobId(company.tenant.id))
    assert.exists(first)
    assert.equal(first!.opts.delay, QUOTA_REFRESH_DELAY_MS)

    // Many more authorizations within the window: still that one job.
    for (let index = 0; index < 25; index++) {
      await emitter.emit('document:authorized', {
        documentId: document.id,
        tenantId: company.tenant.id,
        type: 'invoice',
        number: document.number,
        from: 'SUBMITTED',
        to: 'AUTHORIZED',
      })
    }
    const jobs = await bull.getJobs(['waiting', 'delayed', 'active'])
    const queued = jobs.filter((job) =>
      String(job.id).startsWith(`quota-refresh-${company.tenant.id}`)
    )
    assert.lengthOf(queued, 1)
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 0)

    // Once it ran (and was removed), the next authorization queues a new one.
    await new RefreshQuotaJob().handle({ tenantId: company.tenant.id })
    assert.equal(await readingField(company, 'available'), 99)
    await first!.remove()
    await emitter.emit('document:authorized', {
      documentId: document.id,
      tenantId: company.tenant.id,
      type: 'invoice',
      number: document.number,
      from: 'SUBMITTED',
      to: 'AUTHORIZED',
    })
    assert.exists(await bull.getJob(quotaRefreshJobId(company.tenant.id)))
  })

  test('an Ecuador-like company (no quota service) queues nothing after authorizations', async ({
    assert,
  }) => {
    const ecuador = await createEcCompany()
    await emitter.emit('document:authorized', {
      documentId: 1,
      tenantId: ecuador.tenant.id,
      type: 'invoice',
      number: '001-001-000000001',
      from: 'SUBMITTED',
      to: 'AUTHORIZED',
    })
    assert.notExists(await queue.getOrSet(QUOTA_QUEUE).getJob(quotaRefreshJobId(ecuador.tenant.id)))
  })
})
