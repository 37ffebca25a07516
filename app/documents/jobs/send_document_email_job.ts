import { companyLogo } from '#tenancy/models/company_logo'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentMail from '#documents/mail/document_mail'
import { recipientsOf } from '#documents/mail/queue_document_email'
import { documentFileName, documentPdf, documentXmlFor } from '#documents/files'
import { recordEvent } from '#documents/transitions'
import { emailThroughAuthority, sendsThroughAuthority } from '#documents/mail/authority_email'

export interface SendDocumentEmailPayload extends TenantJobPayload {
  documentId: number
}

/**
 * Sends an authorized document to its customer and records the delivery
 * status: through the authority when the company chose it (and its adapter
 * offers it), otherwise, or when the authority cannot be reached, with
 * Facturo's own mail and the document's PDF and XML attached.
 */
export default class SendDocumentEmailJob extends TenantJob<SendDocumentEmailPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: SendDocumentEmailPayload): Promise<void> {
    await SendDocumentEmailJob.send(payload.documentId)
  }

  static async send(documentId: number) {
    const tenant = tenantContext.currentOrFail()
    const document = await Document.find(documentId)
    if (!document || document.status !== 'AUTHORIZED') return
    const recipients = recipientsOf(document)
    if (recipients.length === 0) return
    if (sendsThroughAuthority(tenant)) {
      const outcome = await emailThroughAuthority(tenant, document, recipients)
      if (outcome !== 'unreachable') return
    }
    try {
      const pdf = await documentPdf(tenant, document)
      await mail.send(
        new DocumentMail(recipients, tenant, document, {
          pdf,
          xml: (await documentXmlFor(tenant, document))!,
          pdfName: documentFileName(tenant.country, document, 'pdf'),
          xmlName: documentFileName(tenant.country, document, 'xml'),
        }).withLogo(await companyLogo())
      )
      document.merge({
        emailStatus: 'sent',
        emailVia: 'facturo',
        emailedAt: DateTime.now(),
        emailError: null,
      })
      await document.save()
      await recordEvent(document, { kind: 'emailed', detail: recipients.join(', ') })
    } catch (error) {
      document.merge({
        emailStatus: 'failed',
        emailVia: 'facturo',
        emailError: String((error as Error).message).slice(0, 500),
      })
      await document.save()
      await recordEvent(document, { kind: 'email_failed', detail: document.emailError })
      throw error
    }
  }

  async rescue(): Promise<void> {}
}
