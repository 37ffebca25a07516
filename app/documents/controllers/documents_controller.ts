import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import Customer from '#catalog/models/customer'
import Establishment from '#catalog/models/establishment'
import Product from '#catalog/models/product'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import { documentValidator, idempotencyKeyOf } from '#documents/validators'
import { toCustomerChoice } from '#catalog/dtos/customer_dto'
import { customerOptions } from '#catalog/dtos/country_options_dto'
import { rulesFor } from '#catalog/country_rules'
import { ensurePermission } from '#accounts/errors'
import { hasPermission } from '#accounts/abilities'
import type { Permission } from '#accounts/roles'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { ratesFor, updateDraft } from '#documents/actions/save_draft'
import { computeTotals } from '#documents/totals'
import { creditBalance } from '#documents/actions/create_credit_note'
import { queueDocumentEmail, recipientsOf } from '#documents/mail/queue_document_email'
import { trackAuthorityEmail } from '#documents/mail/authority_email'
import { documentFilters, documentListQuery, findDocumentDetail } from '#documents/queries'
import {
  toDocumentActions,
  toDocumentDetail,
  toDocumentRow,
  toDraftValues,
  toTimeline,
} from '#documents/dtos/document_dto'
import { documentFormCountry, voidingOf } from '#documents/dtos/country_options_dto'
import { submissionSummaries } from '#documents/submission_summary'
import { documentFileName, documentPdf, documentXmlFor, signedDocumentXml } from '#documents/files'
import { InvoicingException } from '#documents/errors'
import { keepsDraft } from '#documents/issue_guard'
import { auditDocument, documentAuditFields } from '#documents/audit'
import { issueDocument } from '#documents/actions/issue_document'

const PAGE_SIZE = 25

function wantsJson({ request }: HttpContext) {
  return !request.header('x-inertia') && request.accepts(['html', 'json']) === 'json'
}

/**
 * Only invoices are edited and issued as drafts. Credit notes are created
 * and issued in one step from their invoice, where the per-line limits are
 * checked under the invoice's lock; a credit note left as a draft (by an
 * older version) must not bypass them.
 */
function ensureInvoiceDraft(document: Document) {
  if (document.type !== 'invoice') {
    throw new InvoicingException('invoicing.errors.credit_note_draft')
  }
}

/**
 * Invoices and credit notes of the current company. Every lookup runs in
 * the tenant context: another company's document is simply not found (404).
 */
export default class DocumentsController {
  async index({ inertia, request }: HttpContext) {
    const filters = documentFilters(request.qs())
    const page = await documentListQuery(filters).paginate(filters.page, PAGE_SIZE)
    const establishments = await Establishment.query().preload('emissionPoints').orderBy('code')
    return inertia.render('invoicing/documents/index', {
      documents: page.all().map(toDocumentRow),
      pagination: {
        currentPage: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
      },
      filters,
      establishments: establishments.map((item) => ({
        id: item.id,
        code: item.code,
        points: item.emissionPoints.map((point) => ({ id: point.id, code: point.code })),
      })),
    })
  }

  async create(ctx: HttpContext) {
    return ctx.inertia.render('invoicing/documents/create', await this.formOptions(ctx))
  }

  /** A draft in the same form, to finish and issue later. */
  async edit(ctx: HttpContext) {
    const document = await Document.query()
      .where('id', ctx.params.id)
      .preload('lines')
      .preload('payments')
      .firstOrFail()
    if (document.status !== 'DRAFT' || document.type !== 'invoice') {
      return ctx.response.redirect().toRoute('app.documents.show', { id: document.id })
    }
    return ctx.inertia.render('invoicing/documents/create', {
      ...(await this.formOptions(ctx)),
      draft: { id: document.id, ...toDraftValues(document) },
    })
  }

  /**
   * A new invoice prefilled from an existing one: "Duplicar", and "Corregir
   * y reemitir" for a rejected invoice (which stays as it is, with its
   * reason). Nothing is saved until the user saves or issues the form.
   */
  async duplicate(ctx: HttpContext) {
    const document = await Document.query()
      .where('id', ctx.params.id)
      .where('type', 'invoice')
      .preload('lines')
      .preload('payments')
      .firstOrFail()
    return ctx.inertia.render('invoicing/documents/create', {
      ...(await this.formOptions(ctx)),
      prefill: toDraftValues(document),
      copiedFrom: { id: document.id, number: document.number, status: document.status },
    })
  }

  private async formOptions({ tenant, i18n }: HttpContext) {
    const [customers, products, establishments] = await Promise.all([
      Customer.query().where('is_active', true).orderBy('legal_name').limit(500),
      Product.query().where('is_active', true).orderBy('code').limit(1000),
      Establishment.query().where('is_active', true).preload('emissionPoints').orderBy('code'),
    ])
    return {
      customers: customers.map(toCustomerChoice),
      // For the "new customer" dialog (shown to members with customers.manage).
      customerOptions: customerOptions(rulesFor(tenant!.country), i18n.locale),
      products: products.map((product) => ({
        id: product.id,
        code: product.code,
        description: product.description,
        unitPrice: product.unitPrice,
        taxCategory: product.taxCategory,
      })),
      establishments: establishments.map((item) => ({
        id: item.id,
        code: item.code,
        name: item.name,
        points: item.emissionPoints
          .filter((point) => point.isActive)
          .map((point) => ({ id: point.id, code: point.code })),
      })),
      // Taxes, payment methods, defaults, whether it can issue, the
      // environment the "Emitir" confirmation names and the text limits:
      // the country's adapter and the company's settings.
      ...documentFormCountry(tax.use(tenant!.country), i18n, tenant!.authorityEnvironment),
    }
  }

  async store(ctx: HttpContext) {
    const { request, response, tenant, auth, session, i18n } = ctx
    const { intent, ...input } = await request.validateUsing(documentValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    // Saving a draft needs documents.create (the route); issuing it documents.issue too.
    if (intent !== 'draft') await ensurePermission(ctx, 'documents.issue')
    const { document, replayed } = await issueNewDocument(tenant!, input, {
      idempotencyKey: idempotencyKeyOf(request.header('idempotency-key')),
      createdBy: auth.user?.id ?? null,
      issue: intent !== 'draft',
    }).catch(async (error) => {
      // Over the plan's monthly limit the invoice was kept as a draft: that is recorded too.
      if (keepsDraft(error) && error.draftId) {
        await auditDocument(ctx, 'document.draft_saved', await Document.findOrFail(error.draftId))
      }
      throw error
    })
    // A replayed Idempotency-Key changed nothing: no new entry.
    if (!replayed) {
      await auditDocument(
        ctx,
        document.status === 'DRAFT' ? 'document.draft_saved' : 'document.issued',
        document
      )
    }
    if (wantsJson(ctx)) {
      return response.status(replayed ? 200 : 201).send({
        id: document.id,
        status: document.status,
        number: document.number ?? null,
        accessKey: document.accessKey ?? null,
        replayed,
      })
    }
    session.flash(
      'success',
      i18n.t(document.status === 'DRAFT' ? 'invoicing.flash.saved' : 'invoicing.flash.issued', {
        number: document.number ?? '',
      })
    )
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }

  async update(ctx: HttpContext) {
    const { request, response, params, tenant, session, i18n } = ctx
    const document = await Document.findOrFail(params.id)
    ensureInvoiceDraft(document)
    const { intent, ...input } = await request.validateUsing(documentValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    if (intent === 'issue') await ensurePermission(ctx, 'documents.issue')
    const before = documentAuditFields(document)
    await updateDraft(tenant!, document, input)
    await auditDocument(ctx, 'document.draft_updated', document, { before })
    if (intent === 'issue') {
      await issueDocument(tenant!, document)
      await auditDocument(ctx, 'document.issued', document)
    }
    session.flash('success', i18n.t('invoicing.flash.saved'))
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }

  async issue(ctx: HttpContext) {
    const { response, params, tenant, session, i18n } = ctx
    const document = await Document.findOrFail(params.id)
    if (document.status !== 'DRAFT') throw new InvoicingException('invoicing.errors.not_draft')
    ensureInvoiceDraft(document)
    await issueDocument(tenant!, document)
    await auditDocument(ctx, 'document.issued', document)
    session.flash('success', i18n.t('invoicing.flash.issued', { number: document.number ?? '' }))
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }

  async show(ctx: HttpContext) {
    const { inertia, params, tenant, i18n } = ctx
    const document = await findDocumentDetail(params.id)
    const events = await DocumentEvent.query().where('document_id', document.id).orderBy('id')
    const creditNotes =
      document.type === 'invoice'
        ? await Document.query().where('referenced_document_id', document.id).orderBy('id')
        : []
    const balance = document.type === 'invoice' ? await creditBalance(document) : null
    const authority = tax.has(tenant!.country) ? tax.use(tenant!.country) : null
    const summaries = await submissionSummaries()
    const submission = await summaries.of(document)
    const detail = toDocumentDetail(document, submission)
    if (document.status === 'DRAFT' && detail.taxes.length === 0) {
      // A draft has no tax rows yet (they are written when it is issued): the
      // same arithmetic as the form shows what issuing it would charge.
      detail.taxes = computeTotals(document.lines, ratesFor(tenant!.country)).taxes
    }
    if (!authority?.capabilities.services?.includes('document_email')) {
      // Who sent the e-mail is worth saying only where the company chooses
      // (the authority can send it); elsewhere Facturo always does.
      detail.emailVia = null
    }
    if (wantsJson(ctx)) return { document: detail }
    return inertia.render('invoicing/documents/show', {
      document: detail,
      actions: toDocumentActions(document, submission, await this.allowed(ctx)),
      timeline: toTimeline(events, authority, i18n.locale, document.technicalDetails),
      creditNotes: creditNotes.map(toDocumentRow),
      balance,
      voiding: voidingOf(authority, i18n.locale, document),
    })
  }

  /**
   * Deletes a draft (never an issued document: its number is taken). The
   * status is checked in the DELETE itself, so a draft being issued at the
   * same moment is either issued or deleted, never both.
   */
  async destroy(ctx: HttpContext) {
    const { params, response, session, i18n } = ctx
    const document = await Document.findOrFail(params.id)
    if (document.status !== 'DRAFT') throw new InvoicingException('invoicing.errors.not_draft')
    const deleted = await Document.query()
      .where('id', document.id)
      .where('status', 'DRAFT')
      .delete()
    if (Number(Array.isArray(deleted) ? deleted[0] : deleted) === 0)
      throw new InvoicingException('invoicing.errors.not_draft')
    await auditDocument(ctx, 'document.draft_deleted', document)
    session.flash('success', i18n.t('invoicing.flash.deleted'))
    return response.redirect().toRoute('app.documents.index')
  }

  /** The document permissions the member's role has, through Bouncer. */
  private async allowed(ctx: HttpContext): Promise<Set<Permission>> {
    const checked: Permission[] = ['documents.create', 'documents.issue']
    const allowed = await Promise.all(
      checked.map((permission) => ctx.bouncer.allows(hasPermission, permission))
    )
    return new Set(checked.filter((_permission, index) => allowed[index]))
  }

  async xml(ctx: HttpContext) {
    const { params, response } = ctx
    const document = await Document.findOrFail(params.id)
    const xml = await documentXmlFor(ctx.tenant!, document)
    if (!xml) throw new InvoicingException('invoicing.errors.no_file')
    await auditDocument(ctx, 'document.xml_downloaded', document)
    response.header('content-type', 'application/xml; charset=utf-8')
    response.attachment(documentFileName(ctx.tenant!.country, document, 'xml'))
    return response.send(xml)
  }

  /** The signed comprobante alone, also once the authorized XML exists. */
  async signedXml(ctx: HttpContext) {
    const { params, response } = ctx
    const document = await Document.findOrFail(params.id)
    const xml = signedDocumentXml(document)
    if (!xml) throw new InvoicingException('invoicing.errors.no_file')
    await auditDocument(ctx, 'document.xml_downloaded', document, { extra: { file: 'signed' } })
    response.header('content-type', 'application/xml; charset=utf-8')
    response.attachment(documentFileName(ctx.tenant!.country, document, 'xml', 'signed'))
    return response.send(xml)
  }

  async pdf(ctx: HttpContext) {
    const { params, response, tenant } = ctx
    const document = await Document.findOrFail(params.id)
    if (!document.accessKey) throw new InvoicingException('invoicing.errors.no_file')
    const pdf = await documentPdf(tenant!, document)
    await auditDocument(ctx, 'document.pdf_downloaded', document)
    response.header('content-type', 'application/pdf')
    response.attachment(documentFileName(ctx.tenant!.country, document, 'pdf'))
    return response.send(pdf)
  }

  async email(ctx: HttpContext) {
    const { params, response, session, i18n } = ctx
    const document = await Document.findOrFail(params.id)
    if (document.status !== 'AUTHORIZED') {
      throw new InvoicingException('invoicing.errors.email_needs_authorized')
    }
    await queueDocumentEmail(document)
    await auditDocument(ctx, 'document.email_queued', document, {
      extra: { to: recipientsOf(document) },
    })
    session.flash('success', i18n.t('invoicing.flash.email_queued'))
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }

  /**
   * "Consultar entrega": what the authority says became of the e-mails it
   * sent for the document (only documents it e-mailed can be tracked).
   */
  async trackEmail(ctx: HttpContext) {
    const { params, response, session, i18n, tenant } = ctx
    const document = await Document.findOrFail(params.id)
    if (document.emailVia !== 'authority') {
      throw new InvoicingException('invoicing.errors.email_not_tracked')
    }
    const result = await trackAuthorityEmail(tenant!, document)
    if (result.status === 'tracked') {
      const status = i18n.t(`invoicing.email_delivery.${result.emailStatus}`)
      session.flash('success', i18n.t('invoicing.flash.email_tracked', { status }))
    } else {
      const said = i18n.locale.startsWith('en') ? result.message.en : result.message.es
      session.flash('error', i18n.t(`invoicing.flash.email_tracking_${result.status}`, { said }))
    }
    return response.redirect().toRoute('app.documents.show', { id: document.id })
  }
}
