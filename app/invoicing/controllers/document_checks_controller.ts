import type { HttpContext } from '@adonisjs/core/http'
import Document from '#invoicing/models/document'
import { checkAgain } from '#tax/check_again'

/**
 * "Consultar de nuevo" for a document the authority kept in process past
 * the polling window. Runs in the tenant context: another company's
 * document is not found (404); one that is not flagged gets a message.
 */
export default class DocumentChecksController {
  async store({ params, response, session, i18n, auth }: HttpContext) {
    const document = await Document.findOrFail(params.id)
    const user = auth.getUserOrFail()
    await checkAgain(document, user.fullName ?? user.email)
    session.flash('success', i18n.t('invoicing.flash.check_again_queued'))
    return response.redirect().toPath(`/app/documents/${document.id}`)
  }
}
