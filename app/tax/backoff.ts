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
| `PipelineSchedule` is a container singleton (tax provider); tests and
| benchmarks that need short waits swap it:
| `app.container.swap(PipelineSchedule, () => new PipelineSchedule({ pollBaseMs: 10 }))`.
|
*/
import app from '@adonisjs/core/services/app'

export interface PipelineScheduleSettings {
  retryBaseMs: number
  retryCapMs: number
  pollBaseMs: number
  pollCapMs: number
  /** How long "en proceso" is polled before the document is flagged. */
  pollWindowMs: number
}

export const DEFAULT_SCHEDULE: Readonly<PipelineScheduleSettings> = Object.freeze({
  retryBaseMs: 2_000,
  retryCapMs: 5 * 60_000,
  pollBaseMs: 1_000,
  pollCapMs: 30 * 60_000,
  pollWindowMs: 24 * 3600_000,
})

function capped(base: number, cap: number, attempt: number) {
  const exponent = Math.max(0, Math.min(attempt - 1, 30))
  return Math.min(cap, base * 2 ** exponent)
}

export class PipelineSchedule {
  readonly settings: Readonly<PipelineScheduleSettings>

  /** The defaults, with `changes` applied. */
  constructor(changes: Partial<PipelineScheduleSettings> = {}) {
    this.settings = Object.freeze({ ...DEFAULT_SCHEDULE, ...changes })
  }

  get pollWindowMs() {
    return this.settings.pollWindowMs
  }

  /** Wait before the `attempt`-th retry of an unreachable authority (1-based). */
  retryDelay(attempt: number) {
    return capped(this.settings.retryBaseMs, this.settings.retryCapMs, attempt)
  }

  /** Wait before the `check`-th status poll of a document in process (1-based). */
  pollDelay(check: number) {
    return capped(this.settings.pollBaseMs, this.settings.pollCapMs, check)
  }
}

/** The container's schedule. */
export function pipelineSchedule() {
  return app.container.make(PipelineSchedule)
}
