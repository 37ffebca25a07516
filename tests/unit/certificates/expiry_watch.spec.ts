import { test } from '@japa/runner'
import { withoutTenantScope } from '#tenancy/tenant_context'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import queue from '@rlanz/bull-queue/services/main'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#accounts/models/audit_log'
import Certificate from '#certificates/models/certificate'
import Notification from '#certificates/models/notification'
import CertificateExpiryJob from '#certificates/jobs/certificate_expiry_job'
import CertificateExpiryMail from '#certificates/mails/certificate_expiry_mail'
import {
  EXPIRY_WATCH_QUEUE,
  EXPIRY_WATCH_SCHEDULER,
  scheduleExpiryWatch,
} from '#certificates/jobs/schedule_expiry_watch'
import {
  dueThreshold,
  watchCertificateExpiry,
} from '#certificates/actions/watch_certificate_expiry'
import { certificatesExpiringSoon } from '#certificates/queries'
import { useClock } from '#certificates/clock'
import { addMember, createUser } from '#tests/helpers/accounts'
import { createEcuadorCompany, p12For, uploadCertificateAs } from '#tests/helpers/certificates'
import { INSPECT } from '#tests/helpers/tenancy'

const DAY = 86_400_000

test.group('Certificate expiry watch', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => {
    useClock(null)
    mail.restore()
  })

  test('the due threshold is the most urgent one reached', ({ assert }) => {
    assert.isNull(dueThreshold(45))
    assert.isNull(dueThreshold(31))
    assert.equal(dueThreshold(30), 30)
    assert.equal(dueThreshold(16), 30)
    assert.equal(dueThreshold(15), 15)
    assert.equal(dueThreshold(10), 15)
    assert.equal(dueThreshold(7), 7)
    assert.equal(dueThreshold(2), 7)
    assert.equal(dueThreshold(1), 1)
    assert.equal(dueThreshold(0), 0)
    assert.equal(dueThreshold(-3), 0)
  })

  test('alerts at 30, 15, 7 and 1 days and on expiry, each once, to owners and admins', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    // The certificate ends at a fixed instant; the clock walks towards it.
    const uploadedAt = new Date(Date.UTC(2031, 0, 10, 15, 0, 0))
    const validTo = new Date(uploadedAt.getTime() + 40 * DAY)
    useClock(() => uploadedAt)

    const { tenant, user: owner } = await createEcuadorCompany('OWNER')
    const admin = await createUser({ locale: 'en' })
    await addMember(tenant, admin, 'ADMIN')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR')
    const retired = await createUser()
    await addMember(tenant, retired, 'ADMIN', { isActive: false })

    const p12 = p12For(tenant, {
      signer: { notBefore: new Date(uploadedAt.getTime() - DAY), notAfter: validTo },
    })
    const { certificate } = await uploadCertificateAs(tenant, {
      bytes: p12.p12,
      password: p12.password,
    })

    // A quiet company elsewhere: a certificate far from its end.
    const other = await createEcuadorCompany('OWNER')
    const far = p12For(other.tenant, {
      signer: { notBefore: uploadedAt, notAfter: new Date(validTo.getTime() + 300 * DAY) },
    })
    await uploadCertificateAs(other.tenant, {
      bytes: far.p12,
      password: far.password,
    })

    // The daily run, at 11:00 UTC, from 35 days before the end to 2 days after.
    const sentOn: Array<{ daysBefore: number; alerts: number }> = []
    const runAt = async (daysBefore: number) => {
      useClock(() => new Date(validTo.getTime() - daysBefore * DAY))
      const report = await watchCertificateExpiry()
      const rerun = await watchCertificateExpiry()
      // Running twice on the same day sends nothing more.
      assert.equal(rerun.alertsSent, 0, `re-run ${daysBefore}`)
      assert.equal(rerun.markedExpired, 0, `re-run ${daysBefore}`)
      if (report.alertsSent > 0) sentOn.push({ daysBefore, alerts: report.alertsSent })
      return report
    }
    for (let day = 35; day >= -2; day--) await runAt(day)

    assert.deepEqual(sentOn, [
      { daysBefore: 30, alerts: 1 },
      { daysBefore: 15, alerts: 1 },
      { daysBefore: 7, alerts: 1 },
      { daysBefore: 1, alerts: 1 },
      { daysBefore: 0, alerts: 1 },
    ])

    const alerts = await withoutTenantScope(INSPECT, () =>
      db
        .from('certificate_alerts')
        .where('tenant_id', tenant.id)
        .orderBy('threshold', 'desc')
        .select('certificate_id', 'threshold', 'recipients')
    )
    assert.deepEqual(
      alerts.map((row) => [row.certificate_id, row.threshold, row.recipients]),
      [
        [certificate.id, 30, 2],
        [certificate.id, 15, 2],
        [certificate.id, 7, 2],
        [certificate.id, 1, 2],
        [certificate.id, 0, 2],
      ]
    )
    assert.lengthOf(
      await withoutTenantScope(INSPECT, () =>
        db.from('certificate_alerts').where('tenant_id', other.tenant.id)
      ),
      0
    )

    // In-app notices: five each for the owner and the active admin, none for the others.
    const notices = await Notification.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    const byUser = (id: number) => notices.filter((row) => row.userId === id)
    assert.lengthOf(byUser(owner.id), 5)
    assert.lengthOf(byUser(admin.id), 5)
    assert.lengthOf(byUser(operator.id), 0)
    assert.lengthOf(byUser(retired.id), 0)
    const ownerKinds = byUser(owner.id)
      .sort((a, b) => a.id - b.id)
      .map((row) => [row.kind, row.params.days])
    assert.deepEqual(ownerKinds, [
      ['certificate_expiring', 30],
      ['certificate_expiring', 15],
      ['certificate_expiring', 7],
      ['certificate_expiring', 1],
      ['certificate_expired', 0],
    ])

    // E-mails: ten, each in the recipient's language, with the upload link.
    const sent = mails.sent()
    assert.lengthOf(sent, 10)
    const delivered = (to: string, subject: string) =>
      mails.assertSent(
        CertificateExpiryMail,
        ({ message }) =>
          message.hasTo(to) &&
          message.hasSubject(subject) &&
          String(message.toJSON().message.html).includes('/app/settings/certificates')
      )
    delivered(owner.email, `${tenant.tradeName}: tu firma electrónica caduca en 30 días`)
    delivered(owner.email, `${tenant.tradeName}: tu firma electrónica caduca en 1 día`)
    delivered(admin.email, `${tenant.tradeName}: your signing certificate expires in 15 days`)
    delivered(admin.email, `${tenant.tradeName}: your signing certificate has expired`)
    delivered(owner.email, `${tenant.tradeName}: tu firma electrónica caducó`)
    assert.isFalse(sent.some((item) => item.message.hasTo(operator.email)))

    // Expired on the day it ended, once, with an audit row.
    const expired = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('id', certificate.id)
      .firstOrFail()
    assert.equal(expired.status, 'expired')
    assert.isTrue(expired.isCurrent)
    assert.equal(expired.expiredAt!.toMillis(), validTo.getTime())
    const audits = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'certificate.expired')
    assert.lengthOf(audits, 1)
  })

  test('the queued job runs the watch with the module clock', async ({ assert }) => {
    mail.fake()
    const now = new Date(Date.UTC(2032, 5, 1, 11))
    useClock(() => now)
    const { tenant } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, {
      signer: {
        notBefore: new Date(now.getTime() - DAY),
        notAfter: new Date(now.getTime() + 6.5 * DAY),
      },
    })
    const { certificate } = await uploadCertificateAs(tenant, {
      bytes: p12.p12,
      password: p12.password,
    })

    await new CertificateExpiryJob().handle({})
    await new CertificateExpiryJob().handle({})
    const alerts = await withoutTenantScope(INSPECT, () =>
      db.from('certificate_alerts').where('certificate_id', certificate.id)
    )
    assert.deepEqual(
      alerts.map((row) => row.threshold),
      [7]
    )
  })

  test('the console lists current certificates ending within 30 days, by company', async ({
    assert,
  }) => {
    const now = new Date(Date.UTC(2033, 2, 1, 11))
    useClock(() => now)
    const soon = await createEcuadorCompany('OWNER')
    const later = await createEcuadorCompany('OWNER')
    for (const [company, days] of [
      [soon, 12],
      [later, 90],
    ] as const) {
      const p12 = p12For(company.tenant, {
        signer: {
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + days * DAY),
        },
      })
      await uploadCertificateAs(company.tenant, {
        bytes: p12.p12,
        password: p12.password,
      })
    }

    const groups = await certificatesExpiringSoon()
    const mine = groups.filter((entry) =>
      [soon.tenant.id, later.tenant.id].includes(entry.tenant.id)
    )
    assert.lengthOf(mine, 1)
    assert.equal(mine[0].tenant.slug, soon.tenant.slug)
    assert.equal(mine[0].certificates[0].daysLeft, 12)
    assert.equal(mine[0].certificates[0].status, 'active')
  })

  test('registering the daily schedule twice keeps one schedule', async ({ assert, cleanup }) => {
    const bullQueue = queue.getOrSet(EXPIRY_WATCH_QUEUE)
    cleanup(async () => {
      await bullQueue.removeJobScheduler(EXPIRY_WATCH_SCHEDULER)
    })

    await scheduleExpiryWatch()
    await scheduleExpiryWatch()
    const all = await bullQueue.getJobSchedulers()
    const schedulers = all.filter((item) => item.key === EXPIRY_WATCH_SCHEDULER)
    assert.lengthOf(schedulers, 1)
    assert.equal(schedulers[0].pattern, '0 11 * * *')
    assert.equal(schedulers[0].name, CertificateExpiryJob.$$filepath)
  })
})
