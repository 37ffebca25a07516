/*
|--------------------------------------------------------------------------
| Credit limits per invoice line
|--------------------------------------------------------------------------
|
| A line of an invoice can be given back in several credit notes, but
| never more quantity, nor more amount, than it was sold for. What is left
| on a line is what it sold minus what the counted credit notes already
| gave back (their lines point at it with `source_line_id`).
|
*/
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Document from '#documents/models/document'
import type DocumentLine from '#documents/models/document_line'
import type { DocumentStatus } from '#documents/state_machine'
import {
  isPositive,
  plainDecimal,
  subtractDecimal,
  subtractMoney,
  sumMoney,
} from '#documents/totals'

/**
 * The credit notes that hold what they credit. ISSUED, SUBMITTED and
 * PENDING notes are numbered and signed and the pipeline keeps sending
 * them until the authority answers, so they may be authorized at any
 * moment: they count as much as an AUTHORIZED one. A REJECTED note never
 * takes effect (the authority refused it, and REJECTED is final), so it
 * frees its amounts. A DRAFT has no number and was never sent:
 * createCreditNote writes and issues a note in one transaction, so a
 * credit-note draft can only be the leftover of an issue that failed
 * before these limits existed, and counting it would block the line for
 * good.
 */
export const COUNTED_CREDIT_STATUSES: DocumentStatus[] = [
  'ISSUED',
  'SUBMITTED',
  'PENDING',
  'AUTHORIZED',
]

/** Quantity, amount (line subtotal, before taxes) and discount of a line. */
export interface LineAmounts {
  quantity: string
  amount: string
  discount: string
}

/** What an invoice line sold, what was credited from it and what is left. */
export interface LineLimit {
  lineId: number
  sold: LineAmounts
  credited: LineAmounts
  remaining: LineAmounts
}

export const NOTHING: LineAmounts = { quantity: '0', amount: '0.00', discount: '0.00' }

/**
 * What the counted credit notes of an invoice already gave back, per
 * invoice line. Pass the transaction that holds the invoice lock to read
 * what the notes committed before it.
 */
export async function creditedByLine(
  invoice: Pick<Document, 'id' | 'tenantId'>,
  client: QueryClientContract = db.connection()
): Promise<Map<number, LineAmounts>> {
  // A plain query skips the tenant scope: both tables are filtered by the invoice's tenant.
  const rows = await client
    .from('document_lines as l')
    .join('documents as d', (join) => {
      join.on('d.id', 'l.document_id').andOn('d.tenant_id', 'l.tenant_id')
    })
    .where('d.tenant_id', invoice.tenantId)
    .where('d.referenced_document_id', invoice.id)
    .where('d.type', 'credit_note')
    .whereIn('d.status', COUNTED_CREDIT_STATUSES)
    .whereNotNull('l.source_line_id')
    .groupBy('l.source_line_id')
    .select('l.source_line_id')
    .sum({ quantity: 'l.quantity', amount: 'l.subtotal', discount: 'l.discount' })
  return new Map(
    rows.map((row: Record<string, string | number>) => [
      Number(row.source_line_id),
      {
        quantity: plainDecimal(row.quantity),
        amount: sumMoney([String(row.amount)]),
        discount: sumMoney([String(row.discount)]),
      },
    ])
  )
}

/** Never below zero (rows credited past the limit before it existed). */
function atLeastZero(value: string, zero: string) {
  return isPositive(value) ? value : zero
}

/** The limit of every invoice line, in the invoice's order. */
export function lineLimits(lines: DocumentLine[], credited: Map<number, LineAmounts>): LineLimit[] {
  return [...lines]
    .sort((a, b) => a.position - b.position)
    .map((line) => {
      const used = credited.get(line.id) ?? NOTHING
      const sold = {
        quantity: plainDecimal(line.quantity),
        amount: sumMoney([line.subtotal]),
        discount: sumMoney([line.discount]),
      }
      return {
        lineId: line.id,
        sold,
        credited: used,
        remaining: {
          quantity: atLeastZero(subtractDecimal(sold.quantity, used.quantity), '0'),
          amount: atLeastZero(subtractMoney(sold.amount, used.amount), '0.00'),
          discount: atLeastZero(subtractMoney(sold.discount, used.discount), '0.00'),
        },
      }
    })
}
