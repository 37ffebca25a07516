/**
 * The certificates module's notion of "now": the expiry watch, validity
 * checks and days-left figures read it, so tests can move time without
 * touching the system clock.
 */
let source: () => Date = () => new Date()

export const clock = {
  now(): Date {
    return source()
  },
}

/** Replaces the clock (tests); `null` goes back to the system clock. */
export function useClock(next: (() => Date) | null) {
  source = next ?? (() => new Date())
}

export const DAY_MS = 86_400_000

/**
 * Whole days left until `until`, rounded up: a certificate ending in 6.2
 * days has 7 days left (it still works on the 7th day). Zero or less means
 * it has expired.
 */
export function daysLeft(until: Date, now: Date = clock.now()): number {
  return Math.ceil((until.getTime() - now.getTime()) / DAY_MS)
}
