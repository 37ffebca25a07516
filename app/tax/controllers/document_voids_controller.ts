import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import Document from '#documents/models/document'
import { auditDocument, documentAuditFields } from '#documents/audit'
import { voidReasonValidator } from '#tax/validators'
import { voidDocument } from '#tax/void_document'

const DEFAULT_REASON = { min: 15, max: 250 }

/**
 * "Anular": voids an authorized document with the authority. Runs in the
 * tenant context (another company's document answers 404) for members who
 * may issue (documents.issue, on the route). The reason's length is the
 * authority's (the adapter's profile).
 */
export default class DocumentVoidsController {
  async store(ctx: HttpContext) {
    const { params, request, response, session, i18n, tenant } = ctx
    const document = await Document.findOrFail(params.id)
    const profile = tax.has(tenant!.country) ? tax.use(tenant!.country).profile : null
    const { voidReason } = await request.validateUsing(
      voidReasonValidator(profile?.voiding.reason ?? DEFAULT_REASON),
      { messagesProvider: i18n.createMessagesProvider() }
    )
    const before = documentAuditFields(document)
    await voidDocument(tenant!, document, voidReason)
    await auditDocument(ctx, 'document.voided', document, {
      before,
      extra: { voidReason },
    })
    session.flash('success', i18n.t('invoicing.flash.voided', { number: document.number ?? '' }))
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }
}
