import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type Tenant from '#tenancy/models/tenant'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import { appUrl } from '#accounts/links'
import Notification from '#certificates/models/notification'
import QuotaLowMail from '#certificates/mails/quota_low_mail'
import { CERTIFICATES_PAGE } from '#certificates/errors'
import { planAlerts, reachedThresholds } from '#certificates/quota/thresholds'

/**
 * After a good reading: sends the low-folios alert that is due, once, to
 * the company's active owners (an e-mail and an in-app notice each), and
 * remembers which thresholds were sent (re-arming those no longer reached).
 *
 * The reading's row is locked for the decision, so two readings at once
 * (the daily job and a refresh after issuing) cannot both send. A mail
 * failure rolls the decision back: the next reading tries again. Returns
 * the threshold sent, or null.
 */
export async function sendQuotaAlert(
  tenant: Tenant,
  environment: AuthorityEnvironment,
  now: Date
): Promise<number | null> {
  try {
    return await db.transaction(async (trx) => {
      const row = await trx
        .from('authority_quotas')
        .where('tenant_id', tenant.id)
        .where('environment', environment)
        .forUpdate()
        .first()
      if (!row || row.available === null) return null
      const reached = reachedThresholds(row.available, row.total)
      const plan = planAlerts(reached, row.alerted_thresholds ?? [])
      const remembered = [...(row.alerted_thresholds ?? [])].sort().join(',')
      if (plan.remember.slice().sort().join(',') !== remembered) {
        await trx
          .from('authority_quotas')
          .where('id', row.id)
          .update({ alerted_thresholds: plan.remember, updated_at: now })
      }
      if (plan.send === null) return null

      const owners = await Membership.query({ client: trx })
        .where('tenant_id', tenant.id)
        .where('is_active', true)
        .where('role', 'OWNER')
        .preload('user')
      const percent = row.total > 0 ? Math.round((row.available / row.total) * 1000) / 10 : null
      const params = {
        available: row.available as number,
        threshold: plan.send,
        ...(percent === null ? {} : { percent }),
      }
      for (const membership of owners) {
        const notice = new Notification()
        notice.useTransaction(trx)
        notice.fill({
          tenantId: tenant.id,
          userId: membership.userId,
          kind: plan.send === 0 ? 'quota_exhausted' : 'quota_low',
          severity: plan.send === 20 ? 'warning' : 'danger',
          params,
          link: CERTIFICATES_PAGE,
        })
        await notice.save()
        await mail.send(
          new QuotaLowMail(
            membership.user.email,
            membership.user.locale,
            appUrl(CERTIFICATES_PAGE),
            {
              company: tenant.tradeName,
              available: row.available,
              percent,
              threshold: plan.send,
            }
          )
        )
      }
      return plan.send
    })
  } catch (error) {
    logger.error(
      { tenantId: tenant.id, err: (error as Error).message },
      'low folios alert not sent'
    )
    return null
  }
}
