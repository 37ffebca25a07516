import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import { clock } from '#core/clock'

/**
 * The IANA zone of a company's country (its adapter's country data), so
 * a month starts when it starts for the company: 1 March 00:00 in
 * Guayaquil is 05:00 UTC. UTC when the country declares none.
 */
export function timeZoneOf(country: string): string {
  if (!tax.has(country)) return 'UTC'
  return tax.use(country).profile.timeZone
}

/** First day (YYYY-MM-DD) of the calendar month `now` falls in, in the country's zone. */
export function periodStart(country: string, now: Date = clock.now()): string {
  return DateTime.fromJSDate(now, { zone: timeZoneOf(country) })
    .startOf('month')
    .toISODate()!
}

/** The first instant of the month after `period` (the reset shown on the billing page). */
export function periodEnd(country: string, period: string): DateTime {
  return DateTime.fromISO(period, { zone: timeZoneOf(country) }).plus({ months: 1 })
}
