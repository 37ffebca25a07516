import type { HttpContext } from '@adonisjs/core/http'
import Document from '#documents/models/document'
import { documentValidator, creditNoteValidator } from '#documents/validators'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { issueDocument } from '#documents/actions/issue_document'
import { createCreditNote } from '#documents/actions/create_credit_note'
import { documentFilters, documentListQuery, loadDocumentDetail } from '#documents/queries'
import { toDocumentDetail, toDocumentRow } from '#documents/dtos/document_dto'
import { submissionSummaries } from '#documents/submission_summary'
import { documentFileName, documentPdf, documentXml } from '#documents/files'
import { InvoicingException } from '#documents/errors'
import { keepsDraft } from '#documents/issue_guard'
import { auditDocument } from '#documents/audit'
import { cursorPage } from '#api/pagination'

/** The file name of a download (document file names are ASCII: type, number, extension). */
function attachment(fileName: string) {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '')}"`
}

/**
 * A document as the API shows it: the detail the document page reads. Takes
 * the model in hand (a create or an issue already has the row as
 * committed) and loads only its relations.
 */
async function detailOf(document: Document) {
  await loadDocumentDetail(document)
  const summaries = await submissionSummaries()
  return toDocumentDetail(document, await summaries.of(document))
}

/**
 * Invoices and credit notes over the API. Another door to the lifecycle's
 * own actions (issueNewDocument, issueDocument, createCreditNote): the
 * same validation, numbering, plan limits and events as the web form.
 */
export default class ApiDocumentsController {
  async index({ request }: HttpContext) {
    const qs = request.qs()
    const { rows, nextCursor } = await cursorPage(documentListQuery(documentFilters(qs)), qs)
    return { data: rows.map(toDocumentRow), nextCursor }
  }

  async show({ params }: HttpContext) {
    return { data: await detailOf(await Document.findOrFail(params.id)) }
  }

  /** A new invoice: issued at once (`intent` "issue", the default) or kept as a draft. */
  async store(ctx: HttpContext) {
    const { request, response, tenant, i18n } = ctx
    const { intent, ...input } = await request.validateUsing(documentValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const { document } = await issueNewDocument(tenant!, input, {
      issue: intent !== 'draft',
    }).catch(async (error) => {
      // Over the plan's monthly limit the invoice was kept as a draft: recorded like the form's.
      if (keepsDraft(error) && error.draftId) {
        await auditDocument(ctx, 'document.draft_saved', await Document.findOrFail(error.draftId))
      }
      throw error
    })
    await auditDocument(
      ctx,
      document.status === 'DRAFT' ? 'document.draft_saved' : 'document.issued',
      document
    )
    return response.status(201).send({ data: await detailOf(document) })
  }

  /** Issues a draft invoice. */
  async issue(ctx: HttpContext) {
    const document = await Document.findOrFail(ctx.params.id)
    if (document.status !== 'DRAFT') throw new InvoicingException('invoicing.errors.not_draft')
    if (document.type !== 'invoice') {
      throw new InvoicingException('invoicing.errors.credit_note_draft')
    }
    await issueDocument(ctx.tenant!, document)
    await auditDocument(ctx, 'document.issued', document)
    return { data: await detailOf(document) }
  }

  /** A credit note against an authorized invoice: all of it, or the lines and quantities given. */
  async creditNote(ctx: HttpContext) {
    const { request, response, params, tenant, i18n } = ctx
    const invoice = await Document.query()
      .where('id', params.id)
      .where('type', 'invoice')
      .firstOrFail()
    const input = await request.validateUsing(creditNoteValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const note = await createCreditNote(tenant!, invoice, input)
    await auditDocument(ctx, 'document.credit_note_issued', note, {
      extra: { invoiceNumber: invoice.number, reason: note.reason },
    })
    return response.status(201).send({ data: await detailOf(note) })
  }

  async xml(ctx: HttpContext) {
    const { params, response } = ctx
    const document = await Document.findOrFail(params.id)
    const xml = documentXml(document)
    if (!xml) throw new InvoicingException('invoicing.errors.no_file')
    await auditDocument(ctx, 'document.xml_downloaded', document)
    response.header('content-type', 'application/xml; charset=utf-8')
    response.header(
      'content-disposition',
      attachment(documentFileName(ctx.tenant!.country, document, 'xml'))
    )
    return response.send(xml)
  }

  async pdf(ctx: HttpContext) {
    const { params, response, tenant } = ctx
    const document = await Document.findOrFail(params.id)
    if (!document.accessKey) throw new InvoicingException('invoicing.errors.no_file')
    const pdf = await documentPdf(tenant!, document)
    await auditDocument(ctx, 'document.pdf_downloaded', document)
    response.header('content-type', 'application/pdf')
    response.header(
      'content-disposition',
      attachment(documentFileName(ctx.tenant!.country, document, 'pdf'))
    )
    return response.send(pdf)
  }
}
