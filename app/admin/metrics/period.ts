import { DateTime } from 'luxon'
import { clock } from '#core/clock'

/**
 * The period a console figure covers. Platform figures count in UTC days
 * (companies live in several time zones); every figure carries its period
 * so the page can say what it covers.
 */
export interface MetricPeriod {
  from: string
  to: string
}

/** The last `days` UTC days up to and including today, and when they start. */
export function lastDays(days: number, now: Date = clock.now()) {
  const end = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day').plus({ days: 1 })
  const start = end.minus({ days })
  return {
    start: start.toJSDate(),
    end: end.toJSDate(),
    period: { from: start.toISODate()!, to: end.minus({ days: 1 }).toISODate()! },
    /** Every day of the window, oldest first (days without data still show). */
    days: Array.from({ length: days }, (_, index) => start.plus({ days: index }).toISODate()!),
  }
}

/** The last `weeks` ISO weeks (Monday first) up to the current one. */
export function lastWeeks(weeks: number, now: Date = clock.now()) {
  const current = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week')
  const start = current.minus({ weeks: weeks - 1 })
  return {
    start: start.toJSDate(),
    period: {
      from: start.toISODate()!,
      to: DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!,
    },
    weeks: Array.from({ length: weeks }, (_, index) => start.plus({ weeks: index }).toISODate()!),
  }
}

/** A `date` or `timestamp` from PostgreSQL as YYYY-MM-DD (UTC). */
export function isoDay(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10)
  return DateTime.fromJSDate(value, { zone: 'utc' }).toISODate()!
}
