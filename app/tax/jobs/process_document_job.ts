import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import { processDocument, type ProcessOutcome } from '#tax/process_document'
import { queueProcessing } from '#tax/dispatch'
import { touch } from '#documents/transitions'

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
      const document = await Document.findOrFail(documentId)
      await queueProcessing(document, outcome.delayMs)
    }
    return outcome
  }

  async rescue(payload: ProcessDocumentPayload, error: Error): Promise<void> {
    const document = await Document.find(payload.documentId)
    if (!document) return
    await touch(document, { last_error: `${error.message}`.slice(0, 500) })
  }
}
