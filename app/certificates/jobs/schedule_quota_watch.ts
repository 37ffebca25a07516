import queue from '@rlanz/bull-queue/services/main'
import QuotaWatchJob from '#certificates/jobs/quota_watch_job'
import { QUOTA_QUEUE } from '#certificates/quota/queue_quota_refresh'

/** The job scheduler's id: one per installation, whatever registers it. */
export const QUOTA_WATCH_SCHEDULER = 'certificates-quota-watch'
/**
 * Every day at 10:30 UTC (05:30 in Panama), half an hour before the
 * certificate expiry watch: low-folio alerts arrive before the working day.
 */
export const QUOTA_WATCH_PATTERN = '30 10 * * *'

/**
 * Registers (or updates) the daily quota watch, like the expiry watch: a
 * keyed BullMQ job scheduler, so every worker start keeps exactly one.
 */
export async function scheduleQuotaWatch(pattern: string = QUOTA_WATCH_PATTERN) {
  return queue.getOrSet(QUOTA_QUEUE).upsertJobScheduler(
    QUOTA_WATCH_SCHEDULER,
    { pattern, tz: 'UTC' },
    {
      name: QuotaWatchJob.$$filepath,
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
    }
  )
}
