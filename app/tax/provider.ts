/*
 * The tax module's provider: binds the retry and polling schedule
 * (app/tax/backoff.ts) and, when a queue worker starts, registers the
 * every-minute document sweeper (app/tax/sweep_documents.ts). Registering
 * is idempotent (a keyed BullMQ job scheduler), so every worker start may
 * do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'
import { PipelineSchedule } from '#tax/backoff'

export default class TaxModuleProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(PipelineSchedule, () => new PipelineSchedule())
  }

  async ready() {
    await whenQueueWorkerStarts(this.app, 'document sweeper', async () => {
      const { scheduleDocumentSweep } = await import('#tax/jobs/schedule_document_sweep')
      await scheduleDocumentSweep()
    })
  }
}
