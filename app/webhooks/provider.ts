/*
 * The webhooks module's provider: when a queue worker starts, it registers
 * the every-minute sweeper of deliveries left pending without a job
 * (app/webhooks/sweep_deliveries.ts). Registering is idempotent (a keyed
 * BullMQ job scheduler), so every worker start may do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'

export default class WebhooksProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    await whenQueueWorkerStarts(this.app, 'webhook sweeper', async () => {
      const { scheduleWebhookSweep } = await import('#webhooks/jobs/schedule_webhook_sweep')
      await scheduleWebhookSweep()
    })
  }
}
