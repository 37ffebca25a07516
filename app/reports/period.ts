/*
|--------------------------------------------------------------------------
| Report periods
|--------------------------------------------------------------------------
|
| A report covers whole days of the company's civil calendar: a month
| (2026-03), a quarter (2026-Q1) or a custom range of at most 366 days.
| The query string is read leniently: a period that cannot be read falls
| back to the current month and says why, so a typo in a bookmarked URL
| shows a message instead of an error page.
|
*/
import { DateTime } from 'luxon'

export type PeriodKind = 'month' | 'quarter' | 'custom'

export interface Period {
  kind: PeriodKind
  /** First day, ISO (inclusive). */
  from: string
  /** Last day, ISO (inclusive). */
  to: string
  /** The month ("2026-03") or quarter ("2026-Q1") asked for, when it is one. */
  month: string
  quarter: string
}

export interface ParsedPeriod {
  period: Period
  /** Translation key of the problem with what was asked, or null. */
  error: string | null
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const QUARTER = /^(\d{4})-Q([1-4])$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
export const MAX_CUSTOM_DAYS = 366

export function monthPeriod(date: DateTime): Period {
  const start = date.startOf('month')
  return {
    kind: 'month',
    from: start.toISODate()!,
    to: start.endOf('month').toISODate()!,
    month: start.toFormat('yyyy-MM'),
    quarter: '',
  }
}

function quarterPeriod(year: number, quarter: number): Period {
  const start = DateTime.fromObject({ year, month: (quarter - 1) * 3 + 1, day: 1 }, { zone: 'UTC' })
  return {
    kind: 'quarter',
    from: start.toISODate()!,
    to: start.plus({ months: 2 }).endOf('month').toISODate()!,
    month: '',
    quarter: `${year}-Q${quarter}`,
  }
}

function day(value: unknown): DateTime | null {
  if (typeof value !== 'string' || !DAY.test(value)) return null
  const parsed = DateTime.fromISO(value, { zone: 'UTC' })
  return parsed.isValid ? parsed : null
}

/**
 * The period a query string asks for; `today` is the company's current
 * day (its country's time zone), which picks the default month.
 */
export function parsePeriod(qs: Record<string, unknown>, today: DateTime): ParsedPeriod {
  const fallback = monthPeriod(today)
  const kind = qs.period
  if (kind === undefined || kind === '' || kind === null) {
    if (typeof qs.month === 'string' && MONTH.test(qs.month)) {
      return {
        period: monthPeriod(DateTime.fromISO(`${qs.month}-01`, { zone: 'UTC' })),
        error: null,
      }
    }
    return { period: fallback, error: null }
  }
  if (kind === 'month') {
    const match = typeof qs.month === 'string' ? MONTH.exec(qs.month) : null
    if (!match) return { period: fallback, error: 'reports.errors.period_invalid' }
    return { period: monthPeriod(DateTime.fromISO(`${qs.month}-01`, { zone: 'UTC' })), error: null }
  }
  if (kind === 'quarter') {
    const match = typeof qs.quarter === 'string' ? QUARTER.exec(qs.quarter) : null
    if (!match) return { period: fallback, error: 'reports.errors.period_invalid' }
    return { period: quarterPeriod(Number(match[1]), Number(match[2])), error: null }
  }
  if (kind === 'custom') {
    const from = day(qs.from)
    const to = day(qs.to)
    if (!from || !to) return { period: fallback, error: 'reports.errors.period_invalid' }
    if (from > to) return { period: fallback, error: 'reports.errors.period_order' }
    if (to.diff(from, 'days').days + 1 > MAX_CUSTOM_DAYS) {
      return { period: fallback, error: 'reports.errors.period_too_long' }
    }
    return {
      period: {
        kind: 'custom',
        from: from.toISODate()!,
        to: to.toISODate()!,
        month: '',
        quarter: '',
      },
      error: null,
    }
  }
  return { period: fallback, error: 'reports.errors.period_invalid' }
}

/** The period as query-string parameters (links and downloads keep the same period). */
export function periodQuery(period: Period): Record<string, string> {
  if (period.kind === 'month') return { period: 'month', month: period.month }
  if (period.kind === 'quarter') return { period: 'quarter', quarter: period.quarter }
  return { period: 'custom', from: period.from, to: period.to }
}
