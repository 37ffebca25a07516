/*
|--------------------------------------------------------------------------
| Retry and polling schedule
|--------------------------------------------------------------------------
|
| Capped exponential backoff for the two waits of the pipeline:
| - the authority is unreachable (PENDING): retry after 2 s, 4 s, 8 s … at
|   most every 5 minutes, for as long as it takes (nothing is dropped);
| - the authority keeps a document "en proceso" (SRI 70): poll after 1 s,
|   2 s, 4 s … at most every 30 minutes, for 24 hours, then flag it for a
|   person to look at.
|
*/

export interface PipelineSchedule {
  retryBaseMs: number
  retryCapMs: number
  pollBaseMs: number
  pollCapMs: number
  /** How long "en proceso" is polled before the document is flagged. */
  pollWindowMs: number
}

export const DEFAULT_SCHEDULE: PipelineSchedule = {
  retryBaseMs: 2_000,
  retryCapMs: 5 * 60_000,
  pollBaseMs: 1_000,
  pollCapMs: 30 * 60_000,
  pollWindowMs: 24 * 3600_000,
}

export const schedule: PipelineSchedule = { ...DEFAULT_SCHEDULE }

/** Changes the schedule (benchmarks use short waits); `null` restores the defaults. */
export function configureSchedule(changes: Partial<PipelineSchedule> | null) {
  Object.assign(schedule, changes === null ? DEFAULT_SCHEDULE : changes)
}

function capped(base: number, cap: number, attempt: number) {
  const exponent = Math.max(0, Math.min(attempt - 1, 30))
  return Math.min(cap, base * 2 ** exponent)
}

/** Wait before the `attempt`-th retry of an unreachable authority (1-based). */
export function retryDelay(attempt: number) {
  return capped(schedule.retryBaseMs, schedule.retryCapMs, attempt)
}

/** Wait before the `check`-th status poll of a document in process (1-based). */
export function pollDelay(check: number) {
  return capped(schedule.pollBaseMs, schedule.pollCapMs, check)
}
