import queue from '@rlanz/bull-queue/services/main'
import SweepDocumentsJob from '#tax/jobs/sweep_documents_job'
import { TAX_QUEUE } from '#tax/dispatch'

/** The job scheduler's id: one per installation, whatever registers it. */
export const DOCUMENT_SWEEP_SCHEDULER = 'documents-sweep'
/** Every minute. */
export const DOCUMENT_SWEEP_EVERY_MS = 60_000

/**
 * Registers (or updates) the repeat of the document sweeper on the tax
 * queue. Keyed by id like the certificate expiry watch, so every worker
 * start may call it and one schedule remains.
 */
export async function scheduleDocumentSweep(everyMs: number = DOCUMENT_SWEEP_EVERY_MS) {
  return queue.getOrSet(TAX_QUEUE).upsertJobScheduler(
    DOCUMENT_SWEEP_SCHEDULER,
    { every: everyMs },
    {
      // bull-queue workers import the job by its module URL, which is the job name.
      name: SweepDocumentsJob.$$filepath,
      data: {},
      // The next run comes a minute later anyway; keep only a short history.
      opts: { attempts: 1, removeOnComplete: 60, removeOnFail: 60 },
    }
  )
}
