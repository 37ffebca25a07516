import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { useClock } from '#core/clock'
import Notification from '#certificates/models/notification'
import AuditLog from '#accounts/models/audit_log'
import BillingMail from '#billing/mails/billing_mail'
import { evaluateLimitAlerts } from '#billing/actions/evaluate_limit_alerts'
import { watchBilling } from '#billing/actions/watch_billing'
import LimitAlertsJob from '#billing/jobs/limit_alerts_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { setDocumentsUsed, setPlan } from '#tests/helpers/billing'
import { createPoint } from '#tests/helpers/catalog'
import { INSPECT } from '#tests/helpers/tenancy'

function alertRows(tenantId: number) {
  return withoutTenantScope(INSPECT, () =>
    db
      .from('limit_alerts')
      .where('tenant_id', tenantId)
      .orderBy('id')
      .select('limit_kind', 'threshold', 'used', 'maximum', 'plan_code', 'recipients')
  )
}

/** The alerts one evaluation sent ("documents:80"…). */
async function sentAlerts(tenant: Parameters<typeof evaluateLimitAlerts>[0], now?: Date) {
  const report = await evaluateLimitAlerts(tenant, now)
  return report.sent
}

function billingMails(sent: unknown[]) {
  return sent.filter((item): item is BillingMail => item instanceof BillingMail)
}

test.group('Plan-limit alerts', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => {
    mail.restore()
    useClock(null)
  })

  test('documents at 80 % then 100 %: each alert once a month, to owners and admins, by e-mail and in the bell, recorded for the console', async ({
    client,
    assert,
  }) => {
    // Profesional: 500 documents and 5 users, so three members stay under their limit.
    const { tenant, user: owner } = await createCompany('OWNER')
    await setPlan(tenant, 'profesional')
    const admin = await createUser({ locale: 'en' })
    await addMember(tenant, admin, 'ADMIN')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR')
    const { mails } = mail.fake()

    await setDocumentsUsed(tenant, 399)
    assert.deepEqual(await sentAlerts(tenant), [])
    await setDocumentsUsed(tenant, 400)
    assert.deepEqual(await sentAlerts(tenant), ['documents:80'])
    assert.deepEqual(await sentAlerts(tenant), [], 'once per period')

    let sent = billingMails(mails.sent())
    assert.lengthOf(sent, 2)
    assert.isTrue(sent.some((item) => item.message.hasTo(owner.email)))
    assert.isTrue(sent.some((item) => item.message.hasTo(admin.email)))
    assert.isFalse(sent.some((item) => item.message.hasTo(operator.email)))
    assert.isTrue(sent.every((item) => item.kind === 'limit_warning'))
    const english = sent.find((item) => item.message.hasTo(admin.email))!
    assert.equal(
      english.message.toJSON().message.subject,
      `${tenant.tradeName}: you used 80% of your plan's documents this month`
    )

    await setDocumentsUsed(tenant, 500)
    assert.deepEqual(await sentAlerts(tenant), ['documents:100'])
    assert.deepEqual(await sentAlerts(tenant), [])
    sent = billingMails(mails.sent())
    assert.lengthOf(sent, 4)
    assert.lengthOf(
      sent.filter((item) => item.kind === 'limit_reached'),
      2
    )

    assert.deepEqual(await alertRows(tenant.id), [
      {
        limit_kind: 'documents',
        threshold: 80,
        used: 400,
        maximum: 500,
        plan_code: 'profesional',
        recipients: 2,
      },
      {
        limit_kind: 'documents',
        threshold: 100,
        used: 500,
        maximum: 500,
        plan_code: 'profesional',
        recipients: 2,
      },
    ])

    // The bell: owners and admins see it; the operator does not.
    const bell = await client.get('/app/notifications').loginAs(owner).accept('json')
    assert.deepEqual(
      bell
        .body()
        .items.map((item: { kind: string; params: object; link: string }) => [
          item.kind,
          item.params,
          item.link,
        ]),
      [
        ['billing.limit_reached', { limit: 'documents', used: 500, maximum: 500 }, '/app/billing'],
        ['billing.limit_warning', { limit: 'documents', used: 400, maximum: 500 }, '/app/billing'],
      ]
    )
    const none = await client.get('/app/notifications').loginAs(operator).accept('json')
    assert.lengthOf(none.body().items, 0)
    const audits = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'billing.limit_alert')
    assert.lengthOf(audits, 2)

    // Next month the count starts again, and so do the alerts.
    const nextMonth = new Date(Date.now() + 40 * 86_400_000)
    useClock(() => nextMonth)
    await setDocumentsUsed(tenant, 500, nextMonth)
    assert.deepEqual(await sentAlerts(tenant), ['documents:100'])
    assert.lengthOf(await alertRows(tenant.id), 4)
  })

  test('users and establishments alert from the live counts; jumping past both thresholds sends only the 100 % one', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    await addMember(tenant, await createUser(), 'OPERATOR')
    await createPoint(tenant)
    const { mails } = mail.fake()

    assert.sameMembers(await sentAlerts(tenant), ['users:100', 'establishments:100'])
    const rows = await alertRows(tenant.id)
    assert.deepEqual(
      rows.map((row) => [row.limit_kind, row.threshold, row.recipients]),
      [
        ['establishments', 80, 0],
        ['establishments', 100, 1],
        ['users', 80, 0],
        ['users', 100, 1],
      ]
    )
    assert.lengthOf(billingMails(mails.sent()), 2)
    const notices = await tenantContext.run(tenant, () => Notification.query())
    assert.sameMembers(
      notices.map((notice) => `${notice.kind}:${notice.params.limit}`),
      ['billing.limit_reached:users', 'billing.limit_reached:establishments']
    )
  })

  test('the periodic watch sends a documents alert that was missed', async ({ assert }) => {
    const { tenant } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    await setDocumentsUsed(tenant, 85)
    const { mails } = mail.fake()
    const report = await watchBilling()
    assert.isAtLeast(report.limitAlerts, 1)
    mails.assertSent(BillingMail, (sent) => sent.kind === 'limit_warning')
    const rows = await alertRows(tenant.id)
    assert.deepEqual(
      rows.map((row) => row.threshold),
      [80]
    )
  })
})

test.group('Plan-limit alerts from issuing', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  async function queuedAlertJobs(tenantId: number) {
    const jobs = await queue.getOrSet('default').getJobs(['waiting', 'delayed', 'prioritized'])
    return jobs.filter(
      (job) => job.name === LimitAlertsJob.$$filepath && job.data.tenantId === tenantId
    )
  }

  test('the document that reaches 80 % queues the alert job once its transaction commits', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    await setDocumentsUsed(company.tenant, 78)
    const issue = () =>
      tenantContext.run(company.tenant, () =>
        issueNewDocument(company.tenant, invoiceInput(company))
      )

    await issue()
    assert.lengthOf(await queuedAlertJobs(company.tenant.id), 0, '79 of 100: nothing yet')
    await issue()
    const jobs = await queuedAlertJobs(company.tenant.id)
    assert.lengthOf(jobs, 1, '80 of 100: the alert is queued')

    const { mails } = mail.fake()
    await new LimitAlertsJob().handle(jobs[0].data)
    mails.assertSent(BillingMail, (sent) => sent.kind === 'limit_warning')
    await jobs[0].remove()
  })
})
