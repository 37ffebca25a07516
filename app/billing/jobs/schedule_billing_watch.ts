import queue from '@rlanz/bull-queue/services/main'
import BillingWatchJob from '#billing/jobs/billing_watch_job'

/** The job scheduler's id: one per installation, whatever registers it. */
export const BILLING_WATCH_SCHEDULER = 'billing-watch'
export const BILLING_WATCH_QUEUE = 'default'
/**
 * Every hour at minute 20: a grace period or a trial ends within the hour
 * it is due, and the watch stays well clear of the daily certificate
 * watch at 11:00.
 */
export const BILLING_WATCH_PATTERN = '20 * * * *'

/**
 * Registers (or updates) the repeat of the billing watch. BullMQ job
 * schedulers are keyed by id, so calling this on every worker start keeps
 * exactly one schedule.
 */
export async function scheduleBillingWatch(pattern: string = BILLING_WATCH_PATTERN) {
  return queue.getOrSet(BILLING_WATCH_QUEUE).upsertJobScheduler(
    BILLING_WATCH_SCHEDULER,
    { pattern, tz: 'UTC' },
    {
      // bull-queue workers import the job by its module URL, which is the job name.
      name: BillingWatchJob.$$filepath,
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
    }
  )
}
