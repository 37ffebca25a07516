import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import TaxSubmission from '#tax/models/tax_submission'
import { processDocument, type ProcessOutcome } from '#tax/process_document'
import { queueProcessing } from '#tax/dispatch'
import { updateSubmission } from '#tax/submissions'

export interface ProcessDocumentPayload extends TenantJobPayload {
  documentId: number
}

/**
 * Submits a document to its authority and polls until a decision, one
 * round per run; the tenant comes from the payload (TenantJob). When the
 * round says "come back later" the next round is queued with its delay.
 */
export default class ProcessDocumentJob extends TenantJob<ProcessDocumentPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: ProcessDocumentPayload): Promise<void> {
    await ProcessDocumentJob.run(payload.documentId)
  }

  /** One round plus the follow-up (used by the worker and by tests). */
  static async run(documentId: number): Promise<ProcessOutcome> {
    const tenant = tenantContext.currentOrFail()
    const outcome = await processDocument(tenant, documentId)
    if (outcome.next === 'retry') {
      // The round moved the counters: the next step gets its own job id.
      const submission = await TaxSubmission.findOrFail(documentId)
      await queueProcessing(submission, outcome.delayMs)
    }
    return outcome
  }

  async rescue(payload: ProcessDocumentPayload, error: Error): Promise<void> {
    const submission = await TaxSubmission.find(payload.documentId)
    if (!submission) return
    await updateSubmission(submission, { last_error: `${error.message}`.slice(0, 500) })
  }
}
