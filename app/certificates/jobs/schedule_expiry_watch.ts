import queue from '@rlanz/bull-queue/services/main'
import CertificateExpiryJob from '#certificates/jobs/certificate_expiry_job'

/** The job scheduler's id: one per installation, whatever registers it. */
export const EXPIRY_WATCH_SCHEDULER = 'certificates-expiry-watch'
/** Queue of the watch; `node ace queue:listen` serves it by default (config/queue.ts). */
export const EXPIRY_WATCH_QUEUE = 'default'
/**
 * Every day at 11:00 UTC (06:00 in Ecuador and Panama): alerts arrive at
 * the start of the working day in both countries.
 */
export const EXPIRY_WATCH_PATTERN = '0 11 * * *'

/**
 * Registers (or updates) the daily repeat of the expiry watch. BullMQ's
 * job schedulers are keyed by id, so calling this on every worker start
 * keeps exactly one schedule, never a second one.
 */
export async function scheduleExpiryWatch(pattern: string = EXPIRY_WATCH_PATTERN) {
  const bullQueue = queue.getOrSet(EXPIRY_WATCH_QUEUE)
  return bullQueue.upsertJobScheduler(
    EXPIRY_WATCH_SCHEDULER,
    { pattern, tz: 'UTC' },
    {
      // bull-queue workers import the job by its module URL, which is the job name.
      name: CertificateExpiryJob.$$filepath,
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
    }
  )
}
