import type Tenant from '#tenancy/models/tenant'
import Document from '#invoicing/models/document'
import { InvoicingException } from '#invoicing/errors'
import { createDraft, ratesFor, type DraftLineInput } from '#invoicing/actions/save_draft'
import { computeTotals, notAbove, subtractMoney, sumMoney } from '#invoicing/totals'
import { issueDocument } from '#tax/issue_document'

export interface CreditNoteInput {
  reason: string
  /** Absent or empty: the whole invoice. */
  lines?: Array<{ sourceLineId: number; quantity: string }>
}

/** What is left to credit on an invoice: its total minus its live credit notes. */
export async function creditBalance(invoice: Document) {
  const notes = await Document.query()
    .where('referenced_document_id', invoice.id)
    .whereNot('status', 'REJECTED')
    .select('total')
  const credited = sumMoney(notes.map((note) => note.total))
  return { credited, balance: subtractMoney(invoice.total, credited) }
}

/**
 * Issues a credit note against an authorized invoice: the whole invoice or
 * chosen lines and quantities, never more than what is left to credit. It
 * goes through the same pipeline as an invoice.
 */
export async function createCreditNote(
  tenant: Tenant,
  invoice: Document,
  input: CreditNoteInput,
  options: { createdBy?: number | null; queue?: boolean } = {}
) {
  if (invoice.type !== 'invoice' || invoice.status !== 'AUTHORIZED') {
    throw new InvoicingException('invoicing.errors.credit_needs_authorized')
  }
  await invoice.load('lines')
  const byId = new Map(invoice.lines.map((line) => [line.id, line]))
  const chosen = input.lines?.length
    ? input.lines
    : invoice.lines.map((line) => ({ sourceLineId: line.id, quantity: line.quantity }))

  const lines: DraftLineInput[] = chosen.map((choice, index) => {
    const source = byId.get(choice.sourceLineId)
    if (!source) {
      throw new InvoicingException(
        'invoicing.errors.credit_line_unknown',
        {},
        `lines.${index}.sourceLineId`
      )
    }
    if (!notAbove(choice.quantity, source.quantity) || Number(choice.quantity) <= 0) {
      throw new InvoicingException(
        'invoicing.errors.credit_quantity',
        { max: source.quantity },
        `lines.${index}.quantity`
      )
    }
    const whole =
      choice.quantity === source.quantity || Number(choice.quantity) === Number(source.quantity)
    return {
      productId: source.productId,
      sourceLineId: source.id,
      code: source.code,
      description: source.description,
      unit: source.unit,
      quantity: choice.quantity,
      unitPrice: source.unitPrice,
      // A partial quantity gives back the discount in proportion.
      discount: whole
        ? source.discount
        : ((Number(source.discount) * Number(choice.quantity)) / Number(source.quantity)).toFixed(
            2
          ),
      taxCategory: source.taxCategory,
    }
  })

  const totals = computeTotals(lines, ratesFor(tenant.country))
  const { balance } = await creditBalance(invoice)
  if (!notAbove(totals.total, balance)) {
    throw new InvoicingException('invoicing.errors.credit_over_balance', {
      total: totals.total,
      balance,
    })
  }

  const note = await createDraft(
    tenant,
    {
      customerId: invoice.customerId,
      establishmentId: invoice.establishmentId,
      emissionPointId: invoice.emissionPointId,
      lines,
    },
    {
      type: 'credit_note',
      referencedDocumentId: invoice.id,
      reason: input.reason,
      createdBy: options.createdBy,
      buyer: { customerId: invoice.customerId, buyer: invoice.buyer },
    }
  )
  await issueDocument(tenant, note, { queue: options.queue })
  return note
}
