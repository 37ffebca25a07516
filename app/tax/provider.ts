/*
 * The tax module's provider: binds the retry and polling schedule
 * (app/tax/backoff.ts), the submission row written with every issue
 * (folded into the lifecycle's issue statement, app/tax/submissions.ts)
 * and the submission summary the document page shows
 * (app/tax/queries.ts), and, when a queue worker starts, registers the
 * every-minute document sweeper (app/tax/sweep_documents.ts). Registering
 * is idempotent (a keyed BullMQ job scheduler), so every worker start may
 * do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'
import { PipelineSchedule } from '#tax/backoff'
import { IssuedDocumentWrites } from '#documents/folded_writes'
import { SubmissionSummaries } from '#documents/submission_summary'

export default class TaxModuleProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(PipelineSchedule, () => new PipelineSchedule())
    this.app.container.singleton(IssuedDocumentWrites, async () => {
      const { OpenSubmissionOnIssue } = await import('#tax/submissions')
      return new OpenSubmissionOnIssue()
    })
    this.app.container.singleton(SubmissionSummaries, async () => {
      const { TaxSubmissionSummaries } = await import('#tax/queries')
      return new TaxSubmissionSummaries()
    })
  }

  async ready() {
    await whenQueueWorkerStarts(this.app, 'document sweeper', async () => {
      const { scheduleDocumentSweep } = await import('#tax/jobs/schedule_document_sweep')
      await scheduleDocumentSweep()
    })
  }
}
