import db from '@adonisjs/lucid/services/db'
import { TENANT_STATUSES, type TenantStatus } from '#tenancy/models/tenant'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'
import { lastWeeks } from '#admin/metrics/period'
import { credentialKinds } from '#admin/companies/queries'
import { LOW_QUOTA_PERCENT } from '#certificates/quota/thresholds'

export interface CompanyFigures {
  total: number
  byStatus: Record<TenantStatus, number>
  byPlan: { plan: string; count: number }[]
  /**
   * Companies that can sign today, by the credential their country asks
   * for: a current, unexpired certificate, PAC tokens for their
   * environment, or none at all.
   */
  withValidCredential: number
  /**
   * Companies whose latest folio reading, in the environment they issue
   * in, shows 20 % or less of the cycle left (or none).
   */
  lowOnFolios: number
  /** As of this instant. */
  at: string
}

/** Companies by status, by plan, with a usable signing credential and low on folios. */
export function companyFigures(now: Date = clock.now()): Promise<CompanyFigures> {
  return acrossCompanies('platform totals of every company', async () => {
    const statuses = await db.from('tenants').select('status').count('* as count').groupBy('status')
    const byStatus = Object.fromEntries(TENANT_STATUSES.map((status) => [status, 0])) as Record<
      TenantStatus,
      number
    >
    for (const row of statuses) byStatus[row.status as TenantStatus] = Number(row.count)
    const plans = await db
      .from('tenants')
      .select('plan_code as plan')
      .count('* as count')
      .groupBy('plan_code')
      .orderBy('plan_code')
    const credential = await db.rawQuery(
      `with kinds as (select cast(? as jsonb) as kind)
       select count(*)::int as count from tenants t, kinds
        where (kinds.kind ->> t.country = 'certificate' and exists (
                select 1 from certificates c
                 where c.tenant_id = t.id and c.is_current and c.status = 'active' and c.valid_to > ?))
           or (kinds.kind ->> t.country = 'pac_tokens' and exists (
                select 1 from pac_credentials p
                 where p.tenant_id = t.id and p.environment = t.authority_environment))
           or kinds.kind ->> t.country = 'none'`,
      [JSON.stringify(credentialKinds()), now]
    )
    const lowOnFolios = await db.rawQuery(
      `select count(*)::int as count
         from authority_quotas q join tenants t on t.id = q.tenant_id
        where q.environment = t.authority_environment and q.available is not null
          and (q.available <= 0 or (q.total > 0 and q.available * 100 <= ? * q.total))`,
      [LOW_QUOTA_PERCENT]
    )
    return {
      total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
      byStatus,
      byPlan: plans.map((row) => ({ plan: row.plan as string, count: Number(row.count) })),
      withValidCredential: Number(credential.rows[0].count),
      lowOnFolios: Number(lowOnFolios.rows[0].count),
      at: now.toISOString(),
    }
  })
}

export interface WeeklyMovement {
  period: { from: string; to: string }
  weeks: { week: string; signups: number; cancellations: number }[]
}

/**
 * New companies and cancellations per ISO week. A cancellation is the
 * billing status change to CANCELLED, as the audit log recorded it.
 */
export function weeklyMovement(weeks = 12, now: Date = clock.now()): Promise<WeeklyMovement> {
  const window = lastWeeks(weeks, now)
  return acrossCompanies('sign-ups and cancellations of every company', async () => {
    const signups = await db.rawQuery(
      `select to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
              count(*)::int as count
         from tenants where created_at >= ? and created_at <= ? group by 1`,
      [window.start, now]
    )
    const cancellations = await db.rawQuery(
      `select to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
              count(*)::int as count
         from audit_logs
        where action = 'billing.status_changed' and after->>'status' = 'CANCELLED'
          and created_at >= ? and created_at <= ?
        group by 1`,
      [window.start, now]
    )
    const count = (rows: { week: string; count: number }[], week: string) =>
      rows.find((row) => row.week === week)?.count ?? 0
    return {
      period: window.period,
      weeks: window.weeks.map((week) => ({
        week,
        signups: count(signups.rows, week),
        cancellations: count(cancellations.rows, week),
      })),
    }
  })
}
