/*
|--------------------------------------------------------------------------
| Document metering
|--------------------------------------------------------------------------
|
| Every issued document counts once, in the calendar month (company time
| zone) it is issued, inside the same transaction that gives it its
| number. One statement does the check and the count:
|
| - the company's monthly limit comes from its plan, in the statement;
| - `INSERT … ON CONFLICT DO UPDATE … WHERE documents_issued < limit`
|   bumps the month's row only while it is under the limit, and the row
|   lock it takes makes concurrent issues of the company queue behind it,
|   so 100 simultaneous issues at the boundary never pass the limit;
| - no row back means the limit is reached: the caller's transaction
|   rolls back and the number goes back to its sequence.
|
| The lock is held until the issuing transaction commits, which is why
| the pipeline meters last, after the document is written.
|
| Credit notes count like invoices: each is one more signed document sent
| to the authority and kept for years. Both authority environments count
| (docs/billing.md explains why).
|
*/
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { clock } from '#core/clock'
import { PlanLimitException } from '#billing/errors'
import { periodStart } from '#billing/usage/period'
import { planOf } from '#billing/usage/plan_of'
import { ALERT_THRESHOLDS } from '#billing/models/limit_alert'

const METER = `
  with plan as (
    select p.documents_per_month as maximum
      from tenants t join plans p on p.code = t.plan_code
     where t.id = ?
  )
  insert into usage_periods (tenant_id, period_start, documents_issued, created_at, updated_at)
  select ?, ?::date, 1, now(), now() from plan
   where plan.maximum is null or plan.maximum >= 1
  on conflict (tenant_id, period_start) do update
     set documents_issued = usage_periods.documents_issued + 1, updated_at = now()
   where (select maximum from plan) is null
      or usage_periods.documents_issued < (select maximum from plan)
  returning documents_issued, (select maximum from plan) as maximum`

export interface MeteredCompany {
  id: number
  country: string
}

/** The count at which a threshold (80, 100 %) of `maximum` is reached. */
export function thresholdCount(maximum: number, threshold: number) {
  return Math.ceil((maximum * threshold) / 100)
}

/** True when going from `used - 1` to `used` reaches 80 % or 100 % of `maximum`. */
export function reachesThreshold(used: number, maximum: number) {
  return ALERT_THRESHOLDS.some((threshold) => {
    const at = thresholdCount(maximum, threshold)
    return used >= at && used - 1 < at
  })
}

/**
 * Counts one issued document for `company` inside the issuing transaction
 * `trx`, or throws PlanLimitException when the month's limit is reached
 * (the caller's transaction then rolls back). When this document reaches
 * 80 % or 100 % of the limit, the plan-limit alerts are queued once the
 * transaction commits.
 */
export async function meterIssuedDocument(
  trx: TransactionClientContract,
  company: MeteredCompany,
  now: Date = clock.now()
) {
  const period = periodStart(company.country, now)
  const result = await trx.rawQuery(METER, [company.id, company.id, period])
  const row = result.rows[0] as { documents_issued: number; maximum: number | null } | undefined
  if (!row) {
    const plan = await planOf(company.id, trx)
    const current = await trx
      .from('usage_periods')
      .where('tenant_id', company.id)
      .where('period_start', period)
      .select('documents_issued')
      .first()
    throw new PlanLimitException('documents', {
      used: Number(current?.documents_issued ?? 0),
      maximum: plan.documentsPerMonth ?? 0,
      planName: plan.name,
    })
  }
  const used = Number(row.documents_issued)
  const maximum = row.maximum === null ? null : Number(row.maximum)
  if (maximum !== null && reachesThreshold(used, maximum)) {
    trx.after('commit', async () => {
      try {
        const { queueLimitAlerts } = await import('#billing/jobs/limit_alerts_job')
        await queueLimitAlerts(company.id)
      } catch (error) {
        // The periodic billing watch sends any alert this one missed.
        logger.warn(
          { err: (error as Error).message, tenantId: company.id },
          'limit alert not queued'
        )
      }
    })
  }
  return { period, used, maximum }
}
