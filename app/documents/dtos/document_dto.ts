import type { TaxAuthority } from '#adapters/core/tax_authority'
import type { DocumentTechnicalDetails } from '#adapters/core/types'
import type Document from '#documents/models/document'
import type DocumentEvent from '#documents/models/document_event'
import { NOTHING_SUBMITTED, type SubmissionSummary } from '#documents/submission_summary'

/** One row of the documents list. */
export interface DocumentRowDto {
  id: number
  type: Document['type']
  status: Document['status']
  number: string | null
  accessKey: string | null
  issueDate: string
  customerName: string
  customerIdentification: string
  total: string
  currency: string
  emailStatus: Document['emailStatus']
}

export function toDocumentRow(document: Document): DocumentRowDto {
  return {
    id: document.id,
    type: document.type,
    status: document.status,
    number: document.number,
    accessKey: document.accessKey,
    issueDate: document.issueDate.toISODate()!,
    customerName: document.buyer?.name ?? '',
    customerIdentification: document.buyer?.identification ?? '',
    total: document.total,
    currency: document.currency,
    emailStatus: document.emailStatus,
  }
}

export interface ExplainedMessageDto {
  code: string
  text: string
  additionalInfo: string | null
  severity: string
  /** Plain-language explanation, when the adapter knows the code. */
  title: string | null
  meaning: string | null
  remedy: string | null
}

export interface TimelineEntryDto {
  id: number
  kind: DocumentEvent['kind']
  fromStatus: string | null
  toStatus: string | null
  detail: string | null
  at: string
  messages: ExplainedMessageDto[]
}

export function toTimeline(
  events: DocumentEvent[],
  authority: TaxAuthority | null,
  locale: string,
  technical: DocumentTechnicalDetails | null = null
): TimelineEntryDto[] {
  const pick = (text: { es: string; en: string } | undefined) =>
    text ? (locale === 'en' ? text.en : text.es) || null : null
  return events.map((event) => ({
    id: event.id,
    kind: event.kind,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    detail: event.detail,
    at: event.createdAt.toISO()!,
    messages: (event.messages ?? []).map((message) => {
      // The document's technical details let the adapter name what concerns this
      // document (SRI 52: its rounding gap).
      const explained =
        message.severity === 'error' ? authority?.explain(message.code, { technical }) : undefined
      return {
        code: message.code,
        text: message.text,
        additionalInfo: message.additionalInfo ?? null,
        severity: message.severity,
        title: pick(explained?.title),
        meaning: pick(explained?.meaning),
        remedy: pick(explained?.remedy),
      }
    }),
  }))
}

/** The technical section of the detail page. */
export interface TechnicalDetailsDto {
  format: string | null
  /** Per tax group: base, the document's amount, Σ per-line amounts and their difference. */
  taxRounding: Array<{
    category: string
    rate: string
    base: string
    amount: string
    lineAmount: string
    difference: string
  }>
  /** True when some group's amounts differ (the page then explains why). */
  hasRoundingGap: boolean
}

export function toTechnicalDetails(
  technical: DocumentTechnicalDetails | null | undefined
): TechnicalDetailsDto | null {
  if (!technical) return null
  const taxRounding = (technical.taxRounding ?? []).map((group) => ({
    category: group.category,
    rate: group.rate,
    base: group.base,
    amount: group.amount,
    lineAmount: group.lineAmount,
    difference: group.difference,
  }))
  return {
    format: technical.format ?? null,
    taxRounding,
    hasRoundingGap: taxRounding.some((group) => Number(group.difference) !== 0),
  }
}

export interface DocumentDetailDto extends DocumentRowDto, SubmissionSummary {
  environment: string
  authorizationNumber: string | null
  authorizedAt: string | null
  /** Set once the authority voided the document, with the reason given. */
  voidedAt: string | null
  voidReason: string | null
  /** The authority's verification URL (the QR) and protocol number, where it gives them. */
  verificationUrl: string | null
  protocolNumber: string | null
  reason: string | null
  buyer: Document['buyer']
  establishmentCode: string
  emissionPointCode: string
  subtotal: string
  discountTotal: string
  taxTotal: string
  lines: Array<{
    id: number
    code: string
    description: string
    quantity: string
    unitPrice: string
    discount: string
    taxCategory: string
    subtotal: string
  }>
  taxes: Array<{ category: string; rate: string; base: string; amount: string }>
  payments: Array<{ method: string; amount: string; term: number | null; termUnit: string | null }>
  additionalInfo: Document['additionalInfo']
  emailedAt: string | null
  emailError: string | null
  /** Who sent the last customer e-mail: Facturo, or the authority (which can track it). */
  emailVia: Document['emailVia']
  hasXml: boolean
  /** The authority's authorization record exists (the XML with tax validity). */
  hasAuthorizedXml: boolean
  technical: TechnicalDetailsDto | null
  referenced: { id: number; number: string | null } | null
}

export function toDocumentDetail(
  document: Document,
  submission: SubmissionSummary = NOTHING_SUBMITTED
): DocumentDetailDto {
  return {
    ...toDocumentRow(document),
    flagged: submission.flagged,
    lastError: submission.lastError,
    environment: document.environment,
    authorizationNumber: document.authorizationNumber,
    authorizedAt: document.authorizedAt?.toISO() ?? null,
    voidedAt: document.voidedAt?.toISO() ?? null,
    voidReason: document.voidReason,
    verificationUrl: document.verificationUrl,
    protocolNumber: document.protocolNumber,
    reason: document.reason,
    buyer: document.buyer,
    establishmentCode: document.establishment.code,
    emissionPointCode: document.emissionPoint.code,
    subtotal: document.subtotal,
    discountTotal: document.discountTotal,
    taxTotal: document.taxTotal,
    lines: [...document.lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({
        id: line.id,
        code: line.code,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        taxCategory: line.taxCategory,
        subtotal: line.subtotal,
      })),
    taxes: document.taxes.map((item) => ({
      category: item.category,
      rate: item.rate,
      base: item.base,
      amount: item.amount,
    })),
    payments: document.payments.map((payment) => ({
      method: payment.method,
      amount: payment.amount,
      term: payment.term,
      termUnit: payment.termUnit,
    })),
    additionalInfo: document.additionalInfo ?? [],
    emailedAt: document.emailedAt?.toISO() ?? null,
    emailError: document.emailError,
    emailVia: document.emailVia,
    hasXml: Boolean(document.signedXml || document.authorizedXml || document.authorizationXml),
    hasAuthorizedXml: Boolean(document.authorizationXml),
    technical: toTechnicalDetails(document.technicalDetails),
    referenced: document.referencedDocument
      ? { id: document.referencedDocument.id, number: document.referencedDocument.number }
      : null,
  }
}

/** What the invoice form edits: the values of a draft, or of a document being copied. */
export function toDraftValues(document: Document) {
  return {
    customerId: document.customerId,
    establishmentId: document.establishmentId,
    emissionPointId: document.emissionPointId,
    lines: [...document.lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({
        productId: line.productId,
        code: line.code,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        taxCategory: line.taxCategory,
      })),
    payments: document.payments.map((payment) => ({
      method: payment.method,
      amount: payment.amount,
      term: payment.term,
      termUnit: payment.termUnit ?? 'dias',
    })),
    additionalInfo: document.additionalInfo ?? [],
  }
}

/**
 * The buttons of the detail page: what this document's state allows and
 * the member's role permits (the routes check the same permissions; a
 * button is never shown for a request that would answer 403).
 */
export interface DocumentActionsDto {
  edit: boolean
  issue: boolean
  delete: boolean
  duplicate: boolean
  /** A rejected invoice: a new draft prefilled from it ("corregir y reemitir"). */
  correct: boolean
  email: boolean
  /** Ask the authority what became of the e-mails it sent. */
  trackEmail: boolean
  creditNote: boolean
  checkAgain: boolean
}

export function toDocumentActions(
  document: Document,
  submission: Pick<SubmissionSummary, 'flagged'>,
  allowed: ReadonlySet<'documents.create' | 'documents.issue' | string>
): DocumentActionsDto {
  const create = allowed.has('documents.create')
  const issue = allowed.has('documents.issue')
  const invoice = document.type === 'invoice'
  const draft = document.status === 'DRAFT'
  return {
    edit: draft && invoice && create,
    issue: draft && invoice && create && issue,
    delete: draft && create,
    duplicate: invoice && create && document.status !== 'REJECTED',
    correct: invoice && create && document.status === 'REJECTED',
    email: document.status === 'AUTHORIZED' && create,
    trackEmail: document.emailVia === 'authority' && create,
    creditNote: invoice && document.status === 'AUTHORIZED' && issue,
    checkAgain: submission.flagged && issue,
  }
}
