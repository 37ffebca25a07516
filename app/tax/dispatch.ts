import type Document from '#invoicing/models/document'
import { dispatchForTenant } from '#tenancy/tenant_job'

/** Queue the authority steps run on. `node ace queue:listen` serves it (config/queue.ts). */
export const TAX_QUEUE = 'default'

/**
 * Queues the next authority step of a document, after `delayMs`. The job id
 * names the document and the step, so queueing the same step twice (a
 * retried request, the sweeper) leaves one job.
 */
export async function queueProcessing(
  document: Pick<Document, 'id' | 'tenantId' | 'submitAttempts' | 'statusChecks'>,
  delayMs: number = 0
) {
  const { default: ProcessDocumentJob } = await import('#tax/jobs/process_document_job')
  const step = document.submitAttempts + document.statusChecks
  return dispatchForTenant(
    ProcessDocumentJob,
    { documentId: document.id },
    {
      queueName: TAX_QUEUE,
      tenant: document.tenantId,
      jobId: `document-${document.id}-step-${step}`,
      delay: delayMs,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
    }
  )
}
