import { Job } from '@rlanz/bull-queue'
import { sweepWebhookDeliveries } from '#webhooks/sweep_deliveries'

/**
 * The webhook sweeper (see sweep_deliveries.ts). A platform job: it reads
 * every company's pending deliveries and each job it queues carries its
 * own tenant, so its payload has none. Scheduled by
 * `scheduleWebhookSweep`. Logs counts only.
 */
export default class SweepWebhookDeliveriesJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await sweepWebhookDeliveries()
    if (report.overdue > 0) {
      this.logger?.info({ ...report }, 'webhook sweep re-queued overdue deliveries')
    } else {
      this.logger?.debug({ ...report }, 'webhook sweep found nothing overdue')
    }
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'webhook sweep failed')
  }
}
