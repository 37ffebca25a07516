/**
 * The platform's notion of "now" for time-driven rules (certificate expiry,
 * trial ends, payment grace periods, monthly usage periods). Jobs and
 * actions read it instead of `new Date()`, so tests move time without
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
