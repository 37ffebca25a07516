import { Job } from '@rlanz/bull-queue'
import { sweepDocuments } from '#tax/sweep_documents'

/**
 * The document sweeper (see sweep_documents.ts). A platform job: it reads
 * every company's documents and each job it queues carries its own
 * tenant, so its payload has none. Scheduled by `scheduleDocumentSweep`.
 * Logs counts only.
 */
export default class SweepDocumentsJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await sweepDocuments()
    if (report.overdue > 0)
      this.logger?.info({ ...report }, 'document sweep re-queued overdue documents')
    else this.logger?.debug({ ...report }, 'document sweep found nothing overdue')
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'document sweep failed')
  }
}
