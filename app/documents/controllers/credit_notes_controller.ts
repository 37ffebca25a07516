import type { HttpContext } from '@adonisjs/core/http'
import Document from '#documents/models/document'
import { creditNoteValidator } from '#documents/validators'
import { createCreditNote, creditBalance } from '#documents/actions/create_credit_note'
import { toDocumentRow } from '#documents/dtos/document_dto'
import { toCreditLines } from '#documents/dtos/credit_line_dto'
import { auditDocument } from '#documents/audit'
import { creditedByLine, lineLimits } from '#documents/credit_limits'
import { ratesFor } from '#documents/actions/save_draft'

/** Credit notes against an authorized invoice of the current company. */
export default class CreditNotesController {
  async create({ inertia, params, tenant }: HttpContext) {
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
      // The page previews the note's amounts and confirms before issuing.
      rates: ratesFor(tenant!.country),
      environment: invoice.environment,
      buyer: {
        name: invoice.buyer?.name ?? '',
        identification: invoice.buyer?.identification ?? '',
      },
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
    return response.redirect().toRoute('app.documents.show', { id: note.id })
  }
}
