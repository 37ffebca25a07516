import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Notification from '#certificates/models/notification'
import { audit } from '#accounts/audit/audit_service'
import { appUrl } from '#accounts/links'
import { clock } from '#core/clock'
import BillingMail from '#billing/mails/billing_mail'
import { BILLING_PAGE } from '#billing/errors'
import { billingRecipients } from '#billing/recipients'
import { usageSummary } from '#billing/usage/summary'
import { thresholdCount } from '#billing/usage/meter'
import '#billing/events'
import { ALERT_THRESHOLDS, LIMIT_KINDS, type LimitKind } from '#billing/models/limit_alert'

export interface LimitAlertReport {
  /** Alerts sent by this run: "documents:80", "users:100"… */
  sent: string[]
  failed: string[]
}

/**
 * Plan-limit alerts for one company: for each limit (documents this month,
 * establishments, users) that reached 80 % or 100 % of its plan, one alert
 * per threshold and calendar month, to its owners and administrators, by
 * e-mail and in the app's bell, and recorded in `limit_alerts` (read by
 * the platform console).
 *
 * "Once per period" is the unique key (company, limit, threshold, month):
 * the run that inserts the row sends the alert, in the same transaction,
 * so a second run, or two at once, sends nothing more. A mail failure
 * rolls the row back and the next run tries again. When a limit jumps past
 * both thresholds at once, both are recorded and only the 100 % alert is
 * sent.
 */
export async function evaluateLimitAlerts(
  tenant: Tenant,
  now: Date = clock.now()
): Promise<LimitAlertReport> {
  return tenantContext.run(tenant, async () => {
    const report: LimitAlertReport = { sent: [], failed: [] }
    const summary = await usageSummary(tenant, now)
    for (const kind of LIMIT_KINDS) {
      const { used, limit } = summary.usage[kind]
      if (limit === null || limit === 0) continue
      const reached = ALERT_THRESHOLDS.filter(
        (threshold) => used >= thresholdCount(limit, threshold)
      )
      if (reached.length === 0) continue
      try {
        const sent = await sendAlert(tenant, kind, reached, {
          used,
          limit,
          period: summary.period,
          plan: summary.plan.code,
          planName: summary.plan.name,
        })
        if (sent) report.sent.push(`${kind}:${sent}`)
        if (sent === 100) {
          // After the alert's commit, so once per limit and month like the alert.
          await emitter.emit('usage:limit_reached', {
            tenantId: tenant.id,
            limit: kind,
            used,
            maximum: limit,
            period: summary.period,
            plan: summary.plan.code,
          })
        }
      } catch (error) {
        report.failed.push(kind)
        logger.error(
          { err: (error as Error).message, tenantId: tenant.id, limit: kind },
          'plan limit alert not sent'
        )
      }
    }
    return report
  })
}

async function sendAlert(
  tenant: Tenant,
  kind: LimitKind,
  reached: number[],
  details: {
    used: number
    limit: number
    period: string
    plan: string
    planName: { es: string; en: string }
  }
): Promise<number | null> {
  return db.transaction(async (trx) => {
    const inserted: number[] = []
    for (const threshold of reached) {
      const result = await trx.rawQuery(
        `insert into limit_alerts
           (tenant_id, limit_kind, threshold, period_start, used, maximum, plan_code, recipients, created_at)
         values (?, ?, ?, ?, ?, ?, ?, 0, now())
         on conflict (tenant_id, limit_kind, threshold, period_start) do nothing
         returning id`,
        [tenant.id, kind, threshold, details.period, details.used, details.limit, details.plan]
      )
      if (result.rows.length) inserted.push(threshold)
    }
    const highest = Math.max(...reached)
    // Only an alert not sent before goes out, and only the most urgent one.
    if (!inserted.includes(highest)) return null

    const recipients = await billingRecipients(trx)
    const mailKind = highest === 100 ? 'limit_reached' : 'limit_warning'
    const params = { limit: kind, used: details.used, maximum: details.limit }
    for (const membership of recipients) {
      const notice = new Notification()
      notice.useTransaction(trx)
      notice.fill({
        tenantId: tenant.id,
        userId: membership.userId,
        kind: `billing.${mailKind}`,
        severity: highest === 100 ? 'danger' : 'warning',
        params,
        link: BILLING_PAGE,
      })
      await notice.save()
      const english = membership.user.locale === 'en'
      await mail.send(
        new BillingMail(
          membership.user.email,
          membership.user.locale,
          mailKind,
          appUrl(BILLING_PAGE),
          {
            ...params,
            company: tenant.tradeName,
            plan: english ? details.planName.en : details.planName.es,
          }
        )
      )
    }
    await trx
      .from('limit_alerts')
      .where('tenant_id', tenant.id)
      .where('limit_kind', kind)
      .where('threshold', highest)
      .where('period_start', details.period)
      .update({ recipients: recipients.length })
    await audit.record({ tenantId: tenant.id }, 'billing.limit_alert', {
      entity: 'plan_limit',
      entityId: kind,
      after: {
        threshold: highest,
        used: details.used,
        maximum: details.limit,
        period: details.period,
      },
      client: trx,
    })
    return highest
  })
}
