/**
 * The certificates module reads the platform clock (#core/clock): the
 * expiry watch, validity checks and days-left figures, so tests can move
 * time without touching the system clock.
 */
import { clock } from '#core/clock'

export { clock, useClock } from '#core/clock'

export const DAY_MS = 86_400_000

/**
 * Whole days left until `until`, rounded up: a certificate ending in 6.2
 * days has 7 days left (it still works on the 7th day). Zero or less means
 * it has expired.
 */
export function daysLeft(until: Date, now: Date = clock.now()): number {
  return Math.ceil((until.getTime() - now.getTime()) / DAY_MS)
}
