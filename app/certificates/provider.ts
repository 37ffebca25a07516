/*
 * The certificates module's provider: when a queue worker starts it
 * registers the daily expiry-watch schedule. Registering is idempotent (a
 * keyed BullMQ job scheduler), so every worker start may do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'

export default class CertificatesProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    await whenQueueWorkerStarts(this.app, 'certificate expiry watch', async () => {
      const { scheduleExpiryWatch } = await import('#certificates/jobs/schedule_expiry_watch')
      await scheduleExpiryWatch()
    })
  }
}
