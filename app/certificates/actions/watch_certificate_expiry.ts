import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { audit } from '#accounts/audit/audit_service'
import { appUrl } from '#accounts/links'
import Certificate from '#certificates/models/certificate'
import Notification from '#certificates/models/notification'
import CertificateExpiryMail from '#certificates/mails/certificate_expiry_mail'
import { CERTIFICATES_PAGE } from '#certificates/errors'
import { DAY_MS, clock, daysLeft } from '#certificates/clock'
import '#certificates/events'

/** Days before expiry at which owners and admins are warned; 0 = "has expired". */
export const EXPIRY_THRESHOLDS = [30, 15, 7, 1] as const
export const EXPIRED_THRESHOLD = 0

export interface ExpiryWatchReport {
  markedExpired: number
  /** Alerts sent by this run (one per certificate and threshold). */
  alertsSent: number
  /** E-mails and in-app notices sent (one each per recipient). */
  recipients: number
  /** Alerts that failed (mail trouble) and will be retried by the next run. */
  failed: number
}

/**
 * The threshold an alert is due for: the smallest one not below the days
 * left (11 days left → the 15-day alert), or 0 once expired. Only the most
 * urgent due alert is sent, so a certificate uploaded with 10 days left
 * does not also get the 30-day one.
 */
export function dueThreshold(left: number): number | null {
  if (left <= 0) return EXPIRED_THRESHOLD
  const due = [...EXPIRY_THRESHOLDS].reverse().find((threshold) => left <= threshold)
  return due ?? null
}

/**
 * The daily expiry watch, across every company:
 *
 * 1. current certificates past their end date are marked `expired`;
 * 2. each current certificate within 30 days of its end (or expired) gets
 *    the alert due for it, once: a unique row (tenant, certificate,
 *    threshold) is inserted first, and only the run that inserted it sends
 *    the e-mails and in-app notices to the company's active owners and
 *    admins, in the same transaction (a mail failure rolls it back, so the
 *    next run tries again).
 *
 * Running it twice on the same day changes nothing the second time.
 */
export async function watchCertificateExpiry(now: Date = clock.now()): Promise<ExpiryWatchReport> {
  const report: ExpiryWatchReport = { markedExpired: 0, alertsSent: 0, recipients: 0, failed: 0 }

  report.markedExpired = await withoutTenantScope(
    'the daily expiry watch marks every company certificate that ended',
    () => markExpired(now)
  )

  const watched = await Certificate.query({
    withoutTenantScope: 'the daily expiry watch looks at every company certificate',
  })
    .where('is_current', true)
    .where('valid_to', '<=', new Date(now.getTime() + EXPIRY_THRESHOLDS[0] * DAY_MS))
    .orderBy('valid_to', 'asc')
  for (const certificate of watched) {
    const threshold = dueThreshold(daysLeft(certificate.validTo.toJSDate(), now))
    if (threshold === null) continue
    const tenant = await Tenant.find(certificate.tenantId)
    if (!tenant) continue
    const outcome = await tenantContext.run(tenant, () =>
      sendAlert(tenant, certificate, threshold, now)
    )
    if (outcome === 'failed') report.failed++
    else if (outcome !== 'already_sent') {
      report.alertsSent++
      report.recipients += outcome
    }
  }
  return report
}

/** Marks current certificates past their end date `expired`, across companies. */
async function markExpired(now: Date): Promise<number> {
  let marked = 0
  const expiredNow = await Certificate.query()
    .where('is_current', true)
    .where('status', 'active')
    .where('valid_to', '<=', now)
  for (const certificate of expiredNow) {
    const changed = await db
      .from('certificates')
      .where('id', certificate.id)
      .where('tenant_id', certificate.tenantId)
      .where('status', 'active')
      .update({ status: 'expired', expired_at: now, updated_at: now })
    if (Number(Array.isArray(changed) ? changed[0] : changed) === 0) continue
    marked++
    await audit.record({ tenantId: certificate.tenantId }, 'certificate.expired', {
      entity: 'certificate',
      entityId: certificate.id,
      after: { validTo: certificate.validTo.toISO() },
    })
  }
  return marked
}

/**
 * Sends one alert unless it was already sent: the number of recipients,
 * `already_sent`, or `failed`.
 */
async function sendAlert(
  tenant: Tenant,
  certificate: Certificate,
  threshold: number,
  now: Date
): Promise<number | 'already_sent' | 'failed'> {
  try {
    const sent = await db.transaction(async (trx) => {
      // The unique key decides who sends: a concurrent or repeated run inserts nothing.
      const inserted = await trx.rawQuery(
        `insert into certificate_alerts (tenant_id, certificate_id, threshold, recipients, created_at)
         values (?, ?, ?, 0, ?)
         on conflict (tenant_id, certificate_id, threshold) do nothing
         returning id`,
        [tenant.id, certificate.id, threshold, now]
      )
      const alertId = (inserted.rows as Array<{ id: number }>)[0]?.id
      if (!alertId) return 'already_sent' as const

      const recipients = await Membership.query({ client: trx })
        .where('tenant_id', tenant.id)
        .where('is_active', true)
        .whereIn('role', ['OWNER', 'ADMIN'])
        .preload('user')
      const days = Math.max(daysLeft(certificate.validTo.toJSDate(), now), 0)
      const date = certificate.validTo.setZone('UTC').toISODate()!
      const params = { holder: certificate.holderName, date, days }
      for (const membership of recipients) {
        const notice = new Notification()
        notice.useTransaction(trx)
        notice.fill({
          tenantId: tenant.id,
          userId: membership.userId,
          kind: threshold === 0 ? 'certificate_expired' : 'certificate_expiring',
          severity: threshold === 0 || threshold <= 7 ? 'danger' : 'warning',
          params,
          link: CERTIFICATES_PAGE,
        })
        await notice.save()
        await mail.send(
          new CertificateExpiryMail(
            membership.user.email,
            membership.user.locale,
            appUrl(CERTIFICATES_PAGE),
            { company: tenant.tradeName, ...params }
          )
        )
      }
      await trx
        .from('certificate_alerts')
        .where('id', alertId)
        .update({ recipients: recipients.length })
      return recipients.length
    })
    if (typeof sent === 'number') {
      // After the commit: the alert row makes it once per threshold, so listeners
      // (outgoing webhooks) hear it once too.
      await emitter.emit('certificate:expiring', {
        tenantId: tenant.id,
        certificateId: certificate.id,
        holderName: certificate.holderName,
        validTo: certificate.validTo.toUTC().toISO()!,
        daysLeft: Math.max(daysLeft(certificate.validTo.toJSDate(), now), 0),
        threshold,
      })
    }
    return sent
  } catch (error) {
    // One company's mail trouble must not stop the others' alerts; the
    // alert row was rolled back with it, so tomorrow's run retries.
    logger.error(
      { err: (error as Error).message, tenantId: tenant.id, certificateId: certificate.id },
      'certificate expiry alert not sent'
    )
    return 'failed'
  }
}
