import queue from '@rlanz/bull-queue/services/main'
import type TaxSubmission from '#tax/models/tax_submission'
import { dispatchForTenant } from '#tenancy/tenant_job'

/** Queue the authority steps run on. `node ace queue:listen` serves it (config/queue.ts). */
export const TAX_QUEUE = 'default'

/** A document's submission row, or what a just-issued one is known to hold. */
type ProcessingTarget = Pick<
  TaxSubmission,
  'documentId' | 'tenantId' | 'submitAttempts' | 'statusChecks'
>

/**
 * The BullMQ job id of a document's next authority step. Every round
 * changes one of the two counters before it queues the next one, so each
 * step has its own id.
 */
export function processingJobId(submission: Omit<ProcessingTarget, 'tenantId'>) {
  return `document-${submission.documentId}-step-${submission.submitAttempts + submission.statusChecks}`
}

/**
 * Queues the next authority step of a document, after `delayMs`. The job id
 * names the document and the step, so queueing the same step twice (a
 * retried request, the sweeper) leaves one job: BullMQ ignores an add whose
 * id already exists.
 */
export async function queueProcessing(submission: ProcessingTarget, delayMs: number = 0) {
  const { default: ProcessDocumentJob } = await import('#tax/jobs/process_document_job')
  return dispatchForTenant(
    ProcessDocumentJob,
    { documentId: submission.documentId },
    {
      queueName: TAX_QUEUE,
      tenant: submission.tenantId,
      jobId: processingJobId(submission),
      delay: delayMs,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
    }
  )
}

/**
 * Makes sure the document's current step has a job that will run, for the
 * sweeper and the "check again" button. A job with the step's id that is
 * waiting, delayed or running is left alone (`already`). A finished one
 * (kept by removeOnComplete / removeOnFail) would make BullMQ ignore the
 * add, so it is removed first: the step ended without moving the document
 * on (it failed, or its follow-up was lost), and running it again is safe
 * because every round asks the authority before any resend.
 */
export async function ensureProcessingQueued(
  submission: ProcessingTarget
): Promise<'queued' | 'already'> {
  const existing = await queue.getOrSet(TAX_QUEUE).getJob(processingJobId(submission))
  if (existing) {
    const state = await existing.getState()
    if (state !== 'completed' && state !== 'failed') return 'already'
    await existing.remove()
  }
  await queueProcessing(submission)
  return 'queued'
}
