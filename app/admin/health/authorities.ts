import db from '@adonisjs/lucid/services/db'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'

/** Events that record an answer from the authority (a call that worked). */
const ANSWERED = ['submitted', 'returned', 'rejected', 'authorized', 'status_checked']

export interface AuthorityWindow {
  /** Calls to the authority recorded in the window: answers plus transport errors. */
  calls: number
  errors: number
  /** errors / calls, 0..1; null without calls. */
  errorRate: number | null
  /** Issue→authorized seconds of the documents authorized in the window. */
  p50Seconds: number | null
  p95Seconds: number | null
}

export interface AuthorityHealth {
  country: string
  lastSuccessAt: string | null
  lastHour: AuthorityWindow
  lastDay: AuthorityWindow
  backlog: { documents: number; oldestSince: string | null; flagged: number }
}

const round = (value: unknown) =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10

async function window(country: string, since: Date, now: Date): Promise<AuthorityWindow> {
  const events = await db.rawQuery(
    `select count(*) filter (where e.kind = 'transport_error')::int as errors,
            count(*) filter (where e.kind = any(?))::int as answers
       from document_events e join tenants t on t.id = e.tenant_id
      where t.country = ? and e.created_at >= ? and e.created_at <= ?`,
    [ANSWERED, country, since, now]
  )
  const latency = await db.rawQuery(
    `select percentile_cont(0.5) within group (order by extract(epoch from d.authorized_at - d.signed_at)) as p50,
            percentile_cont(0.95) within group (order by extract(epoch from d.authorized_at - d.signed_at)) as p95
       from documents d join tenants t on t.id = d.tenant_id
      where t.country = ? and d.authorized_at >= ? and d.authorized_at <= ? and d.signed_at is not null`,
    [country, since, now]
  )
  const { errors, answers } = events.rows[0]
  const calls = errors + answers
  return {
    calls,
    errors,
    errorRate: calls ? errors / calls : null,
    p50Seconds: round(latency.rows[0]?.p50),
    p95Seconds: round(latency.rows[0]?.p95),
  }
}

/** Per country: last answer from the authority, errors and latency, and the backlog waiting on it. */
export function authorityHealth(
  countries: readonly string[],
  now: Date = clock.now()
): Promise<AuthorityHealth[]> {
  return acrossCompanies('authority health across companies', async () => {
    const result: AuthorityHealth[] = []
    for (const country of countries) {
      const last = await db.rawQuery(
        `select max(e.created_at) as at
           from document_events e join tenants t on t.id = e.tenant_id
          where t.country = ? and e.kind = any(?) and e.created_at <= ?`,
        [country, ANSWERED, now]
      )
      const backlog = await db.rawQuery(
        `select count(*)::int as documents,
                min(coalesce(s.pending_since, d.signed_at)) as oldest,
                count(*) filter (where s.flagged_at is not null)::int as flagged
           from documents d join tenants t on t.id = d.tenant_id
           left join tax_submissions s on s.document_id = d.id and s.tenant_id = d.tenant_id
          where t.country = ? and d.status in ('ISSUED', 'SUBMITTED', 'PENDING') and not d.is_demo`,
        [country]
      )
      const row = backlog.rows[0]
      result.push({
        country,
        lastSuccessAt: last.rows[0]?.at ? new Date(last.rows[0].at).toISOString() : null,
        lastHour: await window(country, new Date(now.getTime() - 3_600_000), now),
        lastDay: await window(country, new Date(now.getTime() - 86_400_000), now),
        backlog: {
          documents: row.documents,
          oldestSince: row.oldest ? new Date(row.oldest).toISOString() : null,
          flagged: row.flagged,
        },
      })
    }
    return result
  })
}

/** The documents that have waited longest on an authority, across companies. */
export function oldestWaiting(limit = 20) {
  return acrossCompanies('documents waiting on an authority, across companies', async () => {
    const rows: { rows: Record<string, any>[] } = await db.rawQuery(
      `select d.id, d.tenant_id, t.trade_name, t.country, d.status, d.number,
              coalesce(s.pending_since, d.signed_at) as since, s.flagged_at, s.last_error
         from documents d join tenants t on t.id = d.tenant_id
         left join tax_submissions s on s.document_id = d.id and s.tenant_id = d.tenant_id
        where d.status in ('ISSUED', 'SUBMITTED', 'PENDING') and not d.is_demo
        order by coalesce(s.pending_since, d.signed_at) asc nulls last, d.id
        limit ?`,
      [limit]
    )
    return rows.rows.map((row: Record<string, any>) => ({
      id: row.id as number,
      company: { id: row.tenant_id as number, tradeName: row.trade_name as string },
      country: row.country as string,
      status: row.status as string,
      number: row.number as string | null,
      since: row.since ? new Date(row.since).toISOString() : null,
      flagged: row.flagged_at !== null,
      lastError: row.last_error as string | null,
    }))
  })
}
