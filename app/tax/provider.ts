/*
 * The tax module's provider: when a queue worker starts it registers the
 * every-minute document sweeper (app/tax/sweep_documents.ts). Registering
 * is idempotent (a keyed BullMQ job scheduler), so every worker start may
 * do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'

export default class TaxModuleProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    await whenQueueWorkerStarts(this.app, 'document sweeper', async () => {
      const { scheduleDocumentSweep } = await import('#tax/jobs/schedule_document_sweep')
      await scheduleDocumentSweep()
    })
  }
}
