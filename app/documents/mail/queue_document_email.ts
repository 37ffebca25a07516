import Document from '#documents/models/document'
import { dispatchForTenant } from '#tenancy/tenant_job'

/** Queue the customer e-mails run on (the default queue, served by `node ace queue:listen`). */
export const DOCUMENT_MAIL_QUEUE = 'default'

/** Customer e-mails of a document: from the buyer snapshot, deduplicated. */
export function recipientsOf(document: Document): string[] {
  const raw = document.buyer?.email ?? ''
  return [
    ...new Set(
      raw
        .split(/[,;\s]+/)
        .map((item) => item.trim())
        .filter(Boolean)
    ),
  ]
}

/**
 * Queues the customer e-mail of an authorized document (status "queued").
 * Without an address the status stays "none": nothing to send.
 */
export async function queueDocumentEmail(document: Document) {
  if (document.status !== 'AUTHORIZED' || recipientsOf(document).length === 0) return
  await Document.query()
    .where('id', document.id)
    .update({ email_status: 'queued', email_error: null, updated_at: new Date() })
  document.emailStatus = 'queued'
  const { default: SendDocumentEmailJob } = await import('#documents/jobs/send_document_email_job')
  await dispatchForTenant(
    SendDocumentEmailJob,
    { documentId: document.id },
    { queueName: DOCUMENT_MAIL_QUEUE, tenant: document.tenantId, attempts: 5 }
  )
}
