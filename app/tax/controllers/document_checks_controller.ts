import type { HttpContext } from '@adonisjs/core/http'
import Document from '#documents/models/document'
import { checkAgain } from '#tax/check_again'
import { auditDocument } from '#documents/audit'

/**
 * "Consultar de nuevo" for a document the authority kept in process past
 * the polling window. Runs in the tenant context: another company's
 * document is not found (404); one that is not flagged gets a message.
 */
export default class DocumentChecksController {
  async store(ctx: HttpContext) {
    const { params, response, session, i18n, auth } = ctx
    const document = await Document.findOrFail(params.id)
    const user = auth.getUserOrFail()
    await checkAgain(document, user.fullName ?? user.email)
    await auditDocument(ctx, 'document.checked_again', document)
    session.flash('success', i18n.t('invoicing.flash.check_again_queued'))
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }
}
