/*
|--------------------------------------------------------------------------
| The periodic billing watch
|--------------------------------------------------------------------------
|
| Run every hour by a BullMQ job scheduler (and by tests with a moved
| clock), across every company:
|
| 1. a PAST_DUE company whose grace period ended is SUSPENDED (reason
|    "payment_overdue"): issuing stops, with a banner that says why and
|    how to fix it; its data stays readable and exportable;
| 2. a TRIAL company whose trial ended without a payment is SUSPENDED
|    (reason "trial_ended");
| 3. plan-limit alerts any company is due and did not get (a queued alert
|    job that was lost) are sent.
|
| Each company is changed under its billing account's row lock, the same
| lock webhooks take, so a payment arriving at that moment is applied
| before or after, never half-way. Running it twice changes nothing the
| second time.
|
*/
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Tenant from '#tenancy/models/tenant'
import tax from '#adapters/core/services/tax'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { clock } from '#core/clock'
import BillingAccount, { type SuspendedReason } from '#billing/models/billing_account'
import { billingAccountOf } from '#billing/billing_account'
import { announceStatusChange, setCompanyStatus, type StatusChange } from '#billing/company_status'
import { evaluateLimitAlerts } from '#billing/actions/evaluate_limit_alerts'
import { periodStart } from '#billing/usage/period'

export interface BillingWatchReport {
  suspendedForPayment: number
  suspendedForTrial: number
  limitAlerts: number
}

async function suspend(
  tenant: Tenant,
  expected: 'PAST_DUE' | 'TRIAL',
  reason: SuspendedReason,
  now: Date
): Promise<StatusChange | null> {
  return tenantContext.run(tenant, () =>
    db.transaction(async (trx) => {
      const account = await billingAccountOf(tenant, { client: trx, forUpdate: true })
      const current = await trx.from('tenants').where('id', tenant.id).select('status').first()
      // Re-checked under the lock: a payment may have just arrived.
      if (current.status !== expected) return null
      const due =
        expected === 'PAST_DUE'
          ? account.graceEndsAt && account.graceEndsAt.toJSDate() <= now
          : account.trialEndsAt && account.trialEndsAt.toJSDate() <= now
      if (!due) return null
      account.suspendedReason = reason
      await account.save()
      return setCompanyStatus(
        trx,
        tenant.id,
        'SUSPENDED',
        reason === 'trial_ended' ? 'trial_ended' : 'grace_expired',
        { tenantId: tenant.id, userAgent: 'billing-watch' }
      )
    })
  )
}

/** Companies in `status` whose billing account date `column` is past. Platform query. */
async function dueCompanies(status: 'PAST_DUE' | 'TRIAL', column: string, now: Date) {
  const accounts = await withoutTenantScope('the daily billing watch looks at every company', () =>
    BillingAccount.query()
      .where(column, '<=', now)
      .whereIn('tenant_id', (query) => query.from('tenants').where('status', status).select('id'))
      .orderBy('id')
  )
  if (accounts.length === 0) return []
  return Tenant.query().whereIn(
    'id',
    accounts.map((account) => account.tenantId)
  )
}

/**
 * Companies whose month's documents reached 80 % of their plan: the
 * candidates for a missed limit alert (live limits are checked where they
 * change, so only the metered one needs a sweep).
 */
async function companiesNearDocumentLimit(now: Date) {
  const periods = [...new Set(tax.countries().map((country) => periodStart(country, now)))]
  const rows: Array<{ tenant_id: number; period: string; country: string }> =
    await withoutTenantScope('the daily billing watch reads every company usage', () =>
      db
        .from('usage_periods as u')
        .join('tenants as t', 't.id', 'u.tenant_id')
        .join('plans as p', 'p.code', 't.plan_code')
        .whereNotNull('p.documents_per_month')
        .whereRaw('u.documents_issued >= ceil(p.documents_per_month * 0.8)')
        .whereIn('u.period_start', periods)
        .select(
          'u.tenant_id',
          't.country',
          db.raw(`to_char(u.period_start, 'YYYY-MM-DD') as period`)
        )
    )
  const due = rows.filter((row) => row.period === periodStart(row.country, now))
  if (due.length === 0) return []
  return Tenant.query().whereIn(
    'id',
    due.map((row) => row.tenant_id)
  )
}

export async function watchBilling(now: Date = clock.now()): Promise<BillingWatchReport> {
  const report: BillingWatchReport = {
    suspendedForPayment: 0,
    suspendedForTrial: 0,
    limitAlerts: 0,
  }

  for (const tenant of await dueCompanies('PAST_DUE', 'grace_ends_at', now)) {
    const change = await suspend(tenant, 'PAST_DUE', 'payment_overdue', now)
    if (change) {
      report.suspendedForPayment++
      await announceStatusChange(change)
    }
  }
  for (const tenant of await dueCompanies('TRIAL', 'trial_ends_at', now)) {
    const change = await suspend(tenant, 'TRIAL', 'trial_ended', now)
    if (change) {
      report.suspendedForTrial++
      await announceStatusChange(change)
    }
  }
  for (const tenant of await companiesNearDocumentLimit(now)) {
    try {
      const alerts = await evaluateLimitAlerts(tenant, now)
      report.limitAlerts += alerts.sent.length
    } catch (error) {
      logger.error({ err: (error as Error).message, tenantId: tenant.id }, 'limit alerts failed')
    }
  }
  return report
}
