import type { HttpContext } from '@adonisjs/core/http'
import Document from '#invoicing/models/document'
import { creditNoteValidator } from '#invoicing/validators'
import { createCreditNote, creditBalance } from '#invoicing/actions/create_credit_note'
import { toDocumentRow } from '#invoicing/dtos/document_dto'
import { toCreditLines } from '#invoicing/dtos/credit_line_dto'
import { auditDocument } from '#invoicing/audit'
import { creditedByLine, lineLimits } from '#invoicing/credit_limits'

/** Credit notes against an authorized invoice of the current company. */
export default class CreditNotesController {
  async create({ inertia, params }: HttpContext) {
    const invoice = await Document.query()
      .where('id', params.id)
      .where('type', 'invoice')
      .preload('lines')
      .firstOrFail()
    const limits = lineLimits(invoice.lines, await creditedByLine(invoice))
    return inertia.render('invoicing/credit_notes/create', {
      invoice: toDocumentRow(invoice),
      lines: toCreditLines(invoice.lines, limits),
      balance: await creditBalance(invoice),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, params, tenant, auth, session, i18n } = ctx
    const invoice = await Document.query()
      .where('id', params.id)
      .where('type', 'invoice')
      .firstOrFail()
    const input = await request.validateUsing(creditNoteValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const note = await createCreditNote(tenant!, invoice, input, {
      createdBy: auth.user?.id ?? null,
    })
    await auditDocument(ctx, 'document.credit_note_issued', note, {
      extra: { invoiceNumber: invoice.number, reason: note.reason },
    })
    session.flash('success', i18n.t('invoicing.flash.issued', { number: note.number ?? '' }))
    return response.redirect().toPath(`/app/documents/${note.id}`)
  }
}
