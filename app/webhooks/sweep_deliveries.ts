/*
|--------------------------------------------------------------------------
| Sweeper: webhook deliveries left pending without a job
|--------------------------------------------------------------------------
|
| A delivery row is written first and its job queued after (in
| record_webhook_event.ts, the retry in deliver_webhook.ts, a replay). A
| worker killed in between, a Redis that could not be reached, flushed or
| restored from an older copy: the row stays `pending` and nothing will
| ever send it. The sweeper (a BullMQ job scheduler on the webhooks queue,
| every minute) finds pending deliveries whose next attempt is overdue by
| more than a margin and queues that attempt again.
|
| Queuing twice is harmless: the job id names the delivery and the attempt
| (`webhook-<delivery>-<attempt>`), so BullMQ keeps one job while the
| first is waiting, delayed or running, and an attempt already made finds
| `attempts` moved on and does nothing (deliver_webhook.ts).
|
| The margin is there for a worker that is merely behind: its jobs are in
| Redis, and the sweeper would only find them again. Deliveries of a
| disabled endpoint are left alone (they are not sent; disabling by
| failures already marked them failed, and a replay is the way back).
|
*/
import queue from '@rlanz/bull-queue/services/main'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { WEBHOOK_QUEUE, deliveryJobId, queueDelivery } from '#webhooks/jobs/deliver_webhook_job'

/** How late a delivery's next attempt must be before the sweeper steps in. */
export const WEBHOOK_SWEEP_MARGIN_MS = 5 * 60_000
/** The most deliveries one run queues; the rest wait for the next run. */
export const WEBHOOK_SWEEP_LIMIT = 1000

export interface WebhookSweepReport {
  /** Overdue deliveries found (at most the limit). */
  overdue: number
  /** Of those, queued again. */
  queued: number
  /** Of those, whose job was still waiting, delayed or running. */
  alreadyQueued: number
  /** Of those, that could not be queued (found again by the next run). */
  failed: number
}

export interface WebhookSweepOptions {
  now?: Date
  marginMs?: number
  limit?: number
}

/** Queues again the overdue pending deliveries of every company, oldest due first. */
export async function sweepWebhookDeliveries(
  options: WebhookSweepOptions = {}
): Promise<WebhookSweepReport> {
  const now = options.now ?? new Date()
  const cutoff = new Date(now.getTime() - (options.marginMs ?? WEBHOOK_SWEEP_MARGIN_MS))
  const report: WebhookSweepReport = { overdue: 0, queued: 0, alreadyQueued: 0, failed: 0 }
  // Each job queued carries its delivery's company (dispatchForTenant).
  const due = await WebhookDelivery.query({
    withoutTenantScope: 'the webhook sweeper serves every company at once',
  })
    .join('webhook_endpoints', (join) => {
      join
        .on('webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
        .andOn('webhook_endpoints.tenant_id', 'webhook_deliveries.tenant_id')
    })
    .select('webhook_deliveries.id', 'webhook_deliveries.tenant_id', 'webhook_deliveries.attempts')
    .where('webhook_deliveries.status', 'pending')
    .whereNotNull('webhook_deliveries.next_attempt_at')
    .where('webhook_deliveries.next_attempt_at', '<', cutoff)
    .where('webhook_endpoints.is_enabled', true)
    .orderBy('webhook_deliveries.next_attempt_at')
    .limit(options.limit ?? WEBHOOK_SWEEP_LIMIT)

  const bull = queue.getOrSet(WEBHOOK_QUEUE)
  for (const delivery of due) {
    report.overdue += 1
    const attempt = delivery.attempts + 1
    try {
      const existing = await bull.getJob(deliveryJobId(delivery.id, attempt))
      if (existing) {
        const state = await existing.getState()
        if (state !== 'completed' && state !== 'failed') {
          report.alreadyQueued += 1
          continue
        }
        // A finished job keeps its id in Redis: BullMQ would ignore a new one under it.
        await existing.remove()
      }
      await queueDelivery(delivery.tenantId, delivery.id, attempt)
      report.queued += 1
    } catch {
      report.failed += 1
    }
  }
  return report
}
