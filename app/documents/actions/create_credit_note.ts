import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import { InvoicingException } from '#documents/errors'
import {
  draftSource,
  insertDraft,
  prepareDraft,
  ratesFor,
  type DraftExtras,
  type DraftInput,
} from '#documents/actions/save_draft'
import { COUNTED_CREDIT_STATUSES, creditedByLine, lineLimits } from '#documents/credit_limits'
import { planCreditLines, type CreditChoice } from '#documents/credit_lines'
import { subtractMoney, sumMoney } from '#documents/totals'
import { issuePrepared, prepareIssue } from '#documents/actions/issue_document'

export interface CreditNoteInput {
  reason: string
  /** Absent or empty: the whole invoice. */
  lines?: CreditChoice[]
}

/** Plans that can go stale while being prepared before the credit note is refused as busy. */
const ATTEMPTS = 3

/** What is left to credit on an invoice: its total minus its counted credit notes. */
export async function creditBalance(
  invoice: Pick<Document, 'id' | 'total'>,
  client?: QueryClientContract
) {
  const notes = await Document.query(client ? { client } : {})
    .where('referenced_document_id', invoice.id)
    .whereIn('status', COUNTED_CREDIT_STATUSES)
    .select('total')
  const credited = sumMoney(notes.map((note) => note.total))
  return { credited, balance: subtractMoney(invoice.total, credited) }
}

/** The credit note's lines, checked against what the invoice still allows (reads `client`). */
async function planFor(
  tenant: Tenant,
  invoice: Document,
  input: CreditNoteInput,
  client?: TransactionClientContract
) {
  const limits = lineLimits(invoice.lines, await creditedByLine(invoice, client))
  const { balance } = await creditBalance(invoice, client)
  return planCreditLines(invoice.lines, limits, balance, ratesFor(tenant.country), input.lines)
}

/**
 * Serializes the credit notes of one invoice: a second one waits here
 * until the first commits, then reads what it credited. FOR NO KEY
 * UPDATE conflicts with itself but not with the key-share locks that rows
 * pointing at the invoice take (its events, the note's own reference).
 */
async function lockInvoice(trx: TransactionClientContract, invoice: Document) {
  const result = await trx.rawQuery(
    'select status from documents where id = ? and tenant_id = ? for no key update',
    [invoice.id, invoice.tenantId]
  )
  if (result.rows[0]?.status !== 'AUTHORIZED') {
    throw new InvoicingException('invoicing.errors.credit_needs_authorized')
  }
}

/**
 * Issues a credit note against an authorized invoice: the whole invoice or
 * chosen lines and quantities, never more of a line than is left on it
 * and never more than the invoice balance. The note is planned and
 * validated first, without locks; then, holding the invoice's row lock,
 * the limits are read again and the note is written and issued in the same
 * transaction, so two simultaneous notes cannot both take the last units.
 */
export async function createCreditNote(
  tenant: Tenant,
  invoice: Document,
  input: CreditNoteInput,
  options: { createdBy?: number | null } = {}
) {
  if (invoice.type !== 'invoice' || invoice.status !== 'AUTHORIZED') {
    throw new InvoicingException('invoicing.errors.credit_needs_authorized')
  }
  await invoice.load('lines')
  const extras: DraftExtras = {
    type: 'credit_note',
    referencedDocumentId: invoice.id,
    reason: input.reason,
    createdBy: options.createdBy,
    buyer: { customerId: invoice.customerId, buyer: invoice.buyer },
  }

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const lines = await planFor(tenant, invoice, input)
    const draftInput: DraftInput = {
      customerId: invoice.customerId,
      establishmentId: invoice.establishmentId,
      emissionPointId: invoice.emissionPointId,
      lines,
    }
    const draft = await prepareDraft(tenant, draftInput, extras)
    const issue = await prepareIssue(
      tenant,
      draftSource(tenant, draftInput, draft, { reason: input.reason, invoice })
    )

    const note = await issuePrepared(issue, async (trx) => {
      await lockInvoice(trx, invoice)
      // Throws the line's message when another note took what this one asks for.
      const current = await planFor(tenant, invoice, input, trx)
      // Still within limits, but another note changed what is left of a discount: plan again.
      if (JSON.stringify(current) !== JSON.stringify(lines)) return null
      return insertDraft(trx, tenant, draftInput, draft, extras)
    })
    if (note) return note
  }
  throw new InvoicingException('invoicing.errors.credit_busy')
}
