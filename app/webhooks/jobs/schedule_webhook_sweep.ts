import queue from '@rlanz/bull-queue/services/main'
import SweepWebhookDeliveriesJob from '#webhooks/jobs/sweep_webhook_deliveries_job'
import { WEBHOOK_QUEUE } from '#webhooks/jobs/deliver_webhook_job'

/** The job scheduler's id: one per installation, whatever registers it. */
export const WEBHOOK_SWEEP_SCHEDULER = 'webhook-deliveries-sweep'
/** Every minute. */
export const WEBHOOK_SWEEP_EVERY_MS = 60_000

/**
 * Registers (or updates) the repeat of the webhook sweeper on the webhooks
 * queue. Keyed by id like the document sweeper, so every worker start may
 * call it and one schedule remains.
 */
export async function scheduleWebhookSweep(everyMs: number = WEBHOOK_SWEEP_EVERY_MS) {
  return queue.getOrSet(WEBHOOK_QUEUE).upsertJobScheduler(
    WEBHOOK_SWEEP_SCHEDULER,
    { every: everyMs },
    {
      // bull-queue workers import the job by its module URL, which is the job name.
      name: SweepWebhookDeliveriesJob.$$filepath,
      data: {},
      // The next run comes a minute later anyway; keep only a short history.
      opts: { attempts: 1, removeOnComplete: 60, removeOnFail: 60 },
    }
  )
}
