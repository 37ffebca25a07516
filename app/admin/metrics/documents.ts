import db from '@adonisjs/lucid/services/db'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'
import { lastDays, type MetricPeriod } from '#admin/metrics/period'

/*
| Document figures across companies, over the last 30 UTC days. A document
| counts as issued when it was signed (the issue step numbers and signs it
| in one transaction), authorized when the authority authorized it, and
| rejected on the day the authority's rejection was recorded (its event).
| Demo documents are left out.
*/

export interface DailyDocuments {
  period: MetricPeriod
  days: { day: string; issued: number; authorized: number; rejected: number }[]
  totals: { issued: number; authorized: number; rejected: number }
}

export function dailyDocuments(days = 30, now: Date = clock.now()): Promise<DailyDocuments> {
  const window = lastDays(days, now)
  return acrossCompanies('documents of every company per day', async () => {
    const perDay = async (sql: string) => {
      const result = await db.rawQuery(sql, [window.start, window.end])
      return new Map<string, number>(
        result.rows.map((row: { day: string; count: number }) => [row.day, row.count])
      )
    }
    const issued = await perDay(
      `select to_char(signed_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as count
         from documents where signed_at >= ? and signed_at < ? and not is_demo group by 1`
    )
    const authorized = await perDay(
      `select to_char(authorized_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as count
         from documents where authorized_at >= ? and authorized_at < ? and not is_demo group by 1`
    )
    const rejected = await perDay(
      `select to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
              count(distinct e.document_id)::int as count
         from document_events e join documents d on d.id = e.document_id
        where e.kind = 'rejected' and e.created_at >= ? and e.created_at < ? and not d.is_demo
        group by 1`
    )
    const rows = window.days.map((day) => ({
      day,
      issued: issued.get(day) ?? 0,
      authorized: authorized.get(day) ?? 0,
      rejected: rejected.get(day) ?? 0,
    }))
    return {
      period: window.period,
      days: rows,
      totals: {
        issued: rows.reduce((sum, row) => sum + row.issued, 0),
        authorized: rows.reduce((sum, row) => sum + row.authorized, 0),
        rejected: rows.reduce((sum, row) => sum + row.rejected, 0),
      },
    }
  })
}

export interface AuthorityFigures {
  country: string
  /** Documents signed in the period that the authority has answered. */
  decided: number
  authorized: number
  rejected: number
  /** authorized / decided, 0..1; null when nothing was decided. */
  authorizationRate: number | null
  /** Seconds from issue (signature) to authorization, for documents authorized in the period. */
  p50Seconds: number | null
  p95Seconds: number | null
}

/** Authorization rate and issue→authorized time per authority (one per country). */
export function authorityFigures(
  days = 30,
  now: Date = clock.now()
): Promise<{ period: MetricPeriod; authorities: AuthorityFigures[] }> {
  const window = lastDays(days, now)
  return acrossCompanies('authorization rate and latency across companies', async () => {
    const outcomes = await db.rawQuery(
      `select t.country,
              count(*) filter (where d.status = 'AUTHORIZED')::int as authorized,
              count(*) filter (where d.status = 'REJECTED')::int as rejected
         from documents d join tenants t on t.id = d.tenant_id
        where d.signed_at >= ? and d.signed_at < ? and not d.is_demo
          and d.status in ('AUTHORIZED', 'REJECTED')
        group by t.country`,
      [window.start, window.end]
    )
    const latency = await db.rawQuery(
      `select t.country,
              percentile_cont(0.5) within group (order by extract(epoch from d.authorized_at - d.signed_at)) as p50,
              percentile_cont(0.95) within group (order by extract(epoch from d.authorized_at - d.signed_at)) as p95
         from documents d join tenants t on t.id = d.tenant_id
        where d.authorized_at >= ? and d.authorized_at < ? and d.signed_at is not null and not d.is_demo
        group by t.country`,
      [window.start, window.end]
    )
    const countries = [
      ...new Set([
        ...outcomes.rows.map((row: { country: string }) => row.country),
        ...latency.rows.map((row: { country: string }) => row.country),
      ]),
    ].sort()
    const round = (value: unknown) =>
      value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10
    return {
      period: window.period,
      authorities: countries.map((country) => {
        const outcome = outcomes.rows.find((row: { country: string }) => row.country === country)
        const times = latency.rows.find((row: { country: string }) => row.country === country)
        const authorized = outcome?.authorized ?? 0
        const rejected = outcome?.rejected ?? 0
        const decided = authorized + rejected
        return {
          country,
          decided,
          authorized,
          rejected,
          authorizationRate: decided ? authorized / decided : null,
          p50Seconds: round(times?.p50),
          p95Seconds: round(times?.p95),
        }
      }),
    }
  })
}

export interface TopCompany {
  id: number
  tradeName: string
  country: string
  plan: string
  documents: number
}

/** The companies that issued most in the period. */
export function topCompanies(
  limit = 10,
  days = 30,
  now: Date = clock.now()
): Promise<{ period: MetricPeriod; companies: TopCompany[] }> {
  const window = lastDays(days, now)
  return acrossCompanies('issuing volume of every company', async () => {
    const result = await db.rawQuery(
      `select t.id, t.trade_name, t.country, t.plan_code, top.documents
         from (select tenant_id, count(*)::int as documents from documents
                where signed_at >= ? and signed_at < ? and not is_demo
                group by tenant_id order by documents desc, tenant_id limit ?) top
         join tenants t on t.id = top.tenant_id
        order by top.documents desc, t.id`,
      [window.start, window.end, limit]
    )
    return {
      period: window.period,
      companies: result.rows.map(
        (row: {
          id: number
          trade_name: string
          country: string
          plan_code: string
          documents: number
        }) => ({
          id: row.id,
          tradeName: row.trade_name,
          country: row.country,
          plan: row.plan_code,
          documents: row.documents,
        })
      ),
    }
  })
}
