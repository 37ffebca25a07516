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
 * The three document figures of the overview in one pass: the documents
 * issued or authorized in the window are read once (both time indexes),
 * then counted per day, per authority and per company. With a million
 * documents this is several times cheaper than one scan per figure.
 */
export function documentFigures(days = 30, top = 10, now: Date = clock.now()) {
  const window = lastDays(days, now)
  return acrossCompanies('document figures of every company', async () => {
    const result = await db.rawQuery(
      `with w as materialized (
         select d.tenant_id, t.country, d.status,
                to_char(d.signed_at at time zone 'UTC', 'YYYY-MM-DD') as signed_day,
                to_char(d.authorized_at at time zone 'UTC', 'YYYY-MM-DD') as authorized_day,
                coalesce(d.signed_at >= :start and d.signed_at < :end, false) as signed_in,
                coalesce(d.authorized_at >= :start and d.authorized_at < :end, false) as authorized_in,
                extract(epoch from d.authorized_at - d.signed_at) as seconds
           from documents d join tenants t on t.id = d.tenant_id
          where not d.is_demo
            and ((d.signed_at >= :start and d.signed_at < :end)
                 or (d.authorized_at >= :start and d.authorized_at < :end))
       )
       select 'issued' as figure, signed_day as key, count(*)::int as count,
              null::float as p50, null::float as p95
         from w where signed_in group by signed_day
       union all
       select 'authorized', authorized_day, count(*)::int, null, null
         from w where authorized_in group by authorized_day
       union all
       select 'outcome:' || status, country, count(*)::int, null, null
         from w where signed_in and status in ('AUTHORIZED', 'REJECTED') group by status, country
       union all
       select 'latency', country, count(*)::int,
              percentile_cont(0.5) within group (order by seconds),
              percentile_cont(0.95) within group (order by seconds)
         from w where authorized_in and seconds is not null group by country
       union all
       select 'top', tenant_id::text, documents, null, null
         from (select tenant_id, count(*)::int as documents from w where signed_in
                group by tenant_id order by documents desc, tenant_id limit :top) ranked`,
      { start: window.start, end: window.end, top }
    )
    const rejected = await db.rawQuery(
      `select to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
              count(distinct e.document_id)::int as count
         from document_events e join documents d on d.id = e.document_id
        where e.kind = 'rejected' and e.created_at >= ? and e.created_at < ? and not d.is_demo
        group by 1`,
      [window.start, window.end]
    )
    type Row = {
      figure: string
      key: string
      count: number
      p50: number | null
      p95: number | null
    }
    const rows = result.rows as Row[]
    const of = (figure: string) => rows.filter((row) => row.figure === figure)
    const byKey = (figure: string) => new Map(of(figure).map((row) => [row.key, row.count]))
    const issued = byKey('issued')
    const authorized = byKey('authorized')
    const rejectedByDay = new Map<string, number>(
      rejected.rows.map((row: { day: string; count: number }) => [row.day, row.count])
    )
    const perDay = window.days.map((day) => ({
      day,
      issued: issued.get(day) ?? 0,
      authorized: authorized.get(day) ?? 0,
      rejected: rejectedByDay.get(day) ?? 0,
    }))

    const round = (value: unknown) =>
      value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10
    const authorizedBy = byKey('outcome:AUTHORIZED')
    const rejectedBy = byKey('outcome:REJECTED')
    const latency = new Map(of('latency').map((row) => [row.key, row]))
    const countries = [
      ...new Set([...authorizedBy.keys(), ...rejectedBy.keys(), ...latency.keys()]),
    ]
    const authorities: AuthorityFigures[] = countries.sort().map((country) => {
      const ok = authorizedBy.get(country) ?? 0
      const no = rejectedBy.get(country) ?? 0
      return {
        country,
        decided: ok + no,
        authorized: ok,
        rejected: no,
        authorizationRate: ok + no ? ok / (ok + no) : null,
        p50Seconds: round(latency.get(country)?.p50),
        p95Seconds: round(latency.get(country)?.p95),
      }
    })

    const ranked = of('top').map((row) => ({ id: Number(row.key), documents: row.count }))
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
