import { tenantContext } from '#tenancy/tenant_context'
import Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import type { DocumentStatusChanged } from '#documents/events'
import { queueDocumentEmail } from '#documents/mail/queue_document_email'

/**
 * document:authorized → the customer e-mail is queued (when the buyer has
 * an address). Runs in the document's company, whoever emitted.
 */
export default class EmailAuthorizedDocument {
  async handle(event: DocumentStatusChanged) {
    const active = tenantContext.current()
    const tenant = active?.id === event.tenantId ? active : await Tenant.findOrFail(event.tenantId)
    await tenantContext.run(tenant, async () => {
      const document = await Document.find(event.documentId)
      if (document) await queueDocumentEmail(document)
    })
  }
}
