import db from '@adonisjs/lucid/services/db'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'
import { LOW_QUOTA_PERCENT, QUOTA_THRESHOLDS } from '#certificates/quota/thresholds'

/*
| The console's alert inbox. Alerts are read from the tables that raise
| them (the certificate watch, the plan-limit alerts, the billing state,
| the documents and their events, the folio readings); only the acknowledgement is the
| console's own. Each alert has a stable key, so acknowledging it hides
| that alert and not the next one (a new failed payment, a new hour of
| errors).
*/

export const ALERT_KINDS = [
  'certificate',
  'limit',
  'payment_failed',
  'documents_stuck',
  'authority_errors',
  'quota_low',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export interface AlertDto {
  key: string
  kind: AlertKind
  severity: 'warning' | 'critical'
  at: string
  company: { id: number; tradeName: string } | null
  /** Values for the alert's message (`admin.alerts.messages.<kind>`). */
  details: Record<string, string | number | null>
  acknowledged: { at: string; by: string | null; note: string | null } | null
}

/** Documents waiting on an authority longer than this are "stuck". */
export const STUCK_AFTER_MINUTES = 60
/** Authority errors in the last hour that, above twice the hourly average of the day before, raise an alert. */
export const AUTHORITY_ERRORS_MINIMUM = 5
/** How far back the inbox looks. */
const WINDOW_DAYS = 60

type Row = Record<string, any>

export function alertInbox(now: Date = clock.now()): Promise<AlertDto[]> {
  return acrossCompanies('alerts of every company', async () => {
    const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000)
    const alerts: Omit<AlertDto, 'acknowledged'>[] = []
    const company = (row: Row) =>
      row.tenant_id ? { id: row.tenant_id as number, tradeName: row.trade_name as string } : null

    const certificates = await db.rawQuery(
      `select a.id, a.tenant_id, a.threshold, a.created_at, c.valid_to, t.trade_name
         from certificate_alerts a
         join certificates c on c.tenant_id = a.tenant_id and c.id = a.certificate_id
         join tenants t on t.id = a.tenant_id
        where a.created_at >= ?`,
      [since]
    )
    for (const row of certificates.rows as Row[]) {
      alerts.push({
        key: `certificate:${row.id}`,
        kind: 'certificate',
        severity: row.threshold <= 7 ? 'critical' : 'warning',
        at: new Date(row.created_at).toISOString(),
        company: company(row),
        details: { days: row.threshold, validTo: new Date(row.valid_to).toISOString() },
      })
    }

    const limits = await db.rawQuery(
      `select a.id, a.tenant_id, a.limit_kind, a.threshold, a.used, a.maximum, a.plan_code,
              a.created_at, t.trade_name
         from limit_alerts a join tenants t on t.id = a.tenant_id
        where a.created_at >= ?`,
      [since]
    )
    for (const row of limits.rows as Row[]) {
      alerts.push({
        key: `limit:${row.id}`,
        kind: 'limit',
        severity: row.threshold >= 100 ? 'critical' : 'warning',
        at: new Date(row.created_at).toISOString(),
        company: company(row),
        details: {
          limit: row.limit_kind,
          threshold: row.threshold,
          used: row.used,
          maximum: row.maximum,
          plan: row.plan_code,
        },
      })
    }

    // Folios low (20 % or less of the cycle, or none left) in the environment
    // the company issues in, from its latest reading.
    const quotas = await db.rawQuery(
      `select q.tenant_id, q.environment, q.available, q.total, q.checked_at, q.period_from,
              t.trade_name
         from authority_quotas q join tenants t on t.id = q.tenant_id
        where q.environment = t.authority_environment and q.available is not null
          and (q.available <= 0 or (q.total > 0 and q.available * 100 <= ? * q.total))`,
      [LOW_QUOTA_PERCENT]
    )
    for (const row of quotas.rows as Row[]) {
      const percent = row.total > 0 ? Math.round((row.available / row.total) * 1000) / 10 : null
      const critical = row.available <= 0 || (percent !== null && percent <= QUOTA_THRESHOLDS[1])
      const level = row.available <= 0 ? 0 : critical ? QUOTA_THRESHOLDS[1] : LOW_QUOTA_PERCENT
      const cycle = row.period_from ? new Date(row.period_from).toISOString().slice(0, 10) : ''
      alerts.push({
        // A new alert when it gets worse, or in a new cycle.
        key: `quota:${row.tenant_id}:${row.environment}:${level}:${cycle}`,
        kind: 'quota_low',
        severity: critical ? 'critical' : 'warning',
        at: new Date(row.checked_at).toISOString(),
        company: company(row),
        details: { available: row.available, total: row.total, percent: percent ?? 0 },
      })
    }

    const payments = await db.rawQuery(
      `select b.tenant_id, b.last_payment_failed_at, b.grace_ends_at, t.trade_name
         from billing_accounts b join tenants t on t.id = b.tenant_id
        where b.payment_status = 'failed' and b.last_payment_failed_at is not null`
    )
    for (const row of payments.rows as Row[]) {
      const failedAt = new Date(row.last_payment_failed_at)
      alerts.push({
        key: `payment:${row.tenant_id}:${failedAt.getTime()}`,
        kind: 'payment_failed',
        severity: 'critical',
        at: failedAt.toISOString(),
        company: company(row),
        details: {
          graceEndsAt: row.grace_ends_at ? new Date(row.grace_ends_at).toISOString() : null,
        },
      })
    }

    const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MINUTES * 60_000)
    const stuck = await db.rawQuery(
      `select d.tenant_id, t.trade_name, count(*)::int as documents,
              min(coalesce(s.pending_since, d.signed_at)) as oldest,
              count(*) filter (where s.flagged_at is not null)::int as flagged
         from documents d join tenants t on t.id = d.tenant_id
         left join tax_submissions s on s.document_id = d.id and s.tenant_id = d.tenant_id
        where d.status in ('ISSUED', 'SUBMITTED', 'PENDING') and not d.is_demo
          and coalesce(s.pending_since, d.signed_at) < ?
        group by d.tenant_id, t.trade_name`,
      [stuckBefore]
    )
    for (const row of stuck.rows as Row[]) {
      const oldest = new Date(row.oldest)
      alerts.push({
        // A new alert when the oldest waiting document changes.
        key: `stuck:${row.tenant_id}:${oldest.getTime()}`,
        kind: 'documents_stuck',
        severity: row.flagged > 0 ? 'critical' : 'warning',
        at: oldest.toISOString(),
        company: company(row),
        details: { documents: row.documents, flagged: row.flagged, since: oldest.toISOString() },
      })
    }

    const hourAgo = new Date(now.getTime() - 3_600_000)
    const dayAgo = new Date(now.getTime() - 86_400_000)
    const errors = await db.rawQuery(
      `select t.country,
              count(*) filter (where e.created_at >= :hour)::int as last_hour,
              count(*) filter (where e.created_at < :hour)::int as day_before
         from document_events e join tenants t on t.id = e.tenant_id
        where e.kind = 'transport_error' and e.created_at >= :day and e.created_at <= :now
        group by t.country`,
      { hour: hourAgo, day: dayAgo, now }
    )
    for (const row of errors.rows as Row[]) {
      const hourlyAverage = row.day_before / 23
      if (row.last_hour >= AUTHORITY_ERRORS_MINIMUM && row.last_hour > 2 * hourlyAverage) {
        const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000)
        alerts.push({
          key: `authority:${row.country}:${hour.getTime()}`,
          kind: 'authority_errors',
          severity: 'critical',
          at: hour.toISOString(),
          company: null,
          details: {
            country: row.country,
            lastHour: row.last_hour,
            hourlyAverage: Math.round(hourlyAverage * 10) / 10,
          },
        })
      }
    }

    const acknowledgements = alerts.length
      ? await db
          .from('admin_alert_acknowledgements as a')
          .leftJoin('users as u', 'u.id', 'a.user_id')
          .whereIn(
            'a.alert_key',
            alerts.map((alert) => alert.key)
          )
          .select('a.alert_key', 'a.created_at', 'a.note', 'u.email')
      : []
    const acknowledged = new Map(acknowledgements.map((row) => [row.alert_key, row]))
    return alerts
      .map((alert) => {
        const ack = acknowledged.get(alert.key)
        return {
          ...alert,
          acknowledged: ack
            ? { at: new Date(ack.created_at).toISOString(), by: ack.email ?? null, note: ack.note }
            : null,
        }
      })
      .sort((a, b) => {
        if (!a.acknowledged !== !b.acknowledged) return a.acknowledged ? 1 : -1
        if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1
        return b.at.localeCompare(a.at)
      })
  })
}
