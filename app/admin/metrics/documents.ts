import db from '@adonisjs/lucid/services/db'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'
import { lastDays, type MetricPeriod } from '#admin/metrics/period'
import { weightedPercentile, type WeightedValue } from '#admin/metrics/percentile'

/*
| Document figures across companies, over the last 30 days, read from the
| roll-ups PostgreSQL keeps of the documents (migration
| 0720_create_document_rollups), not from the documents themselves: a
| month of a thousand companies is some 40,000 summed rows and a few
| hundred latency buckets instead of every document of the month.
|
| - Per day of issue (each company's own issue date): how many documents
|   were issued that day (signed: every status but DRAFT), and how many of
|   those are now authorized and rejected. The authorization rate and the
|   top companies count the same documents.
| - Issue → authorized times: documents authorized in the 30 UTC days, from
|   `authorization_latency_days`, where each time is kept to two
|   significant digits; the percentiles are those of the rounded times.
| Demo documents are left out.
*/

export interface DailyDocuments {
  period: MetricPeriod
  days: { day: string; issued: number; authorized: number; rejected: number }[]
  totals: { issued: number; authorized: number; rejected: number }
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

export interface TopCompany {
  id: number
  tradeName: string
  country: string
  plan: string
  documents: number
}

/**
 * The document figures of the overview: one pass over the window's day
 * roll-ups (grouping sets per day, per country and per company) and one
 * over its latency buckets.
 */
export function documentFigures(days = 30, top = 10, now: Date = clock.now()) {
  const window = lastDays(days, now)
  return acrossCompanies('document figures of every company', async () => {
    const result = await db.rawQuery(
      `select to_char(r.issue_date, 'YYYY-MM-DD') as day, t.country, r.tenant_id,
              grouping(r.issue_date) = 0 as by_day, grouping(t.country) = 0 as by_country,
              coalesce(sum(r.documents) filter (where r.status <> 'DRAFT'), 0)::int as issued,
              coalesce(sum(r.documents) filter (where r.status = 'AUTHORIZED'), 0)::int as authorized,
              coalesce(sum(r.documents) filter (where r.status = 'REJECTED'), 0)::int as rejected
         from document_day_totals r join tenants t on t.id = r.tenant_id
        where r.issue_date >= :from and r.issue_date <= :to and not r.is_demo
        group by grouping sets ((r.issue_date), (t.country), (r.tenant_id))`,
      { from: window.period.from, to: window.period.to }
    )
    const latencies = await db.rawQuery(
      `select country, seconds::float as seconds, sum(documents)::int as documents
         from authorization_latency_days
        where day >= :from and day <= :to
        group by country, seconds
       having sum(documents) > 0
        order by country, seconds`,
      { from: window.period.from, to: window.period.to }
    )
    type Row = {
      day: string | null
      country: string | null
      tenant_id: number | null
      by_day: boolean
      by_country: boolean
      issued: number
      authorized: number
      rejected: number
    }
    const rows = result.rows as Row[]
    const perDayRows = new Map(rows.filter((row) => row.by_day).map((row) => [row.day, row]))
    const perDay = window.days.map((day) => ({
      day,
      issued: perDayRows.get(day)?.issued ?? 0,
      authorized: perDayRows.get(day)?.authorized ?? 0,
      rejected: perDayRows.get(day)?.rejected ?? 0,
    }))

    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10)
    const buckets = new Map<string, WeightedValue[]>()
    for (const row of latencies.rows as { country: string; seconds: number; documents: number }[]) {
      const list = buckets.get(row.country) ?? []
      list.push({ value: row.seconds, count: row.documents })
      buckets.set(row.country, list)
    }
    const outcomes = new Map(
      rows.filter((row) => row.by_country).map((row) => [row.country as string, row])
    )
    const countries = [...new Set([...outcomes.keys(), ...buckets.keys()])]
    const authorities: AuthorityFigures[] = countries.sort().map((country) => {
      const ok = outcomes.get(country)?.authorized ?? 0
      const no = outcomes.get(country)?.rejected ?? 0
      const times = buckets.get(country) ?? []
      return {
        country,
        decided: ok + no,
        authorized: ok,
        rejected: no,
        authorizationRate: ok + no ? ok / (ok + no) : null,
        p50Seconds: round(weightedPercentile(times, 0.5)),
        p95Seconds: round(weightedPercentile(times, 0.95)),
      }
    })

    const ranked = rows
      .filter((row) => !row.by_day && !row.by_country && row.issued > 0)
      .map((row) => ({ id: Number(row.tenant_id), documents: row.issued }))
      .sort((a, b) => b.documents - a.documents || a.id - b.id)
      .slice(0, top)
    const names = ranked.length
      ? await db
          .from('tenants')
          .whereIn(
            'id',
            ranked.map((row) => row.id)
          )
          .select('id', 'trade_name', 'country', 'plan_code')
      : []
    const companies: TopCompany[] = ranked
      .sort((a, b) => b.documents - a.documents || a.id - b.id)
      .map((row) => {
        const tenant = names.find((item) => item.id === row.id)
        return {
          id: row.id,
          tradeName: tenant?.trade_name ?? '',
          country: tenant?.country ?? '',
          plan: tenant?.plan_code ?? '',
          documents: row.documents,
        }
      })

    return {
      documents: {
        period: window.period,
        days: perDay,
        totals: {
          issued: perDay.reduce((sum, row) => sum + row.issued, 0),
          authorized: perDay.reduce((sum, row) => sum + row.authorized, 0),
          rejected: perDay.reduce((sum, row) => sum + row.rejected, 0),
        },
      } satisfies DailyDocuments,
      authorities: { period: window.period, authorities },
      top: { period: window.period, companies },
    }
  })
}
