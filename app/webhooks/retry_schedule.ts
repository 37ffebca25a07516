/**
 * When a failed delivery is tried again: exponential backoff from one
 * minute, doubling (1, 2, 4 … minutes), each wait capped at six hours,
 * for as long as the next attempt falls within 24 hours of the first one.
 * That is 12 attempts in all (the last about 21 h after the first); a
 * delivery that still fails then is given up ("failed") and can be
 * replayed by hand.
 */
export const FIRST_RETRY_MS = 60_000
export const MAX_WAIT_MS = 6 * 3600_000
export const RETRY_WINDOW_MS = 24 * 3600_000

/** The wait after failed attempt `attempt` (1-based), or null when the delivery gives up. */
export function nextRetryDelay(attempt: number): number | null {
  const elapsed = retryOffsets().at(attempt - 1)
  const next = retryOffsets().at(attempt)
  if (elapsed === undefined || next === undefined) return null
  return next - elapsed
}

/** Offsets from the first attempt of every attempt (0 for the first). */
export function retryOffsets(): number[] {
  const offsets = [0]
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    const next = offsets[offsets.length - 1] + wait
    if (next > RETRY_WINDOW_MS) return offsets
    offsets.push(next)
  }
}
