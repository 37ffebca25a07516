import type DocumentLine from '#documents/models/document_line'
import type { LineAmounts, LineLimit } from '#documents/credit_limits'
import { plainDecimal } from '#documents/totals'

/** One invoice line on the credit note page: what it sold, what was credited, what is left. */
export interface CreditLineDto {
  id: number
  code: string
  description: string
  unitPrice: string
  /** For the page's preview of the note's amounts (same arithmetic as the server). */
  taxCategory: string
  sold: Pick<LineAmounts, 'quantity' | 'amount'>
  credited: Pick<LineAmounts, 'quantity' | 'amount'>
  remaining: Pick<LineAmounts, 'quantity' | 'amount'>
  /** The part of the line's discount not given back yet (a partial credit takes its share). */
  remainingDiscount: string
}

export function toCreditLines(lines: DocumentLine[], limits: LineLimit[]): CreditLineDto[] {
  const byId = new Map(lines.map((line) => [line.id, line]))
  return limits.map((limit) => {
    const line = byId.get(limit.lineId)!
    return {
      id: line.id,
      code: line.code,
      description: line.description,
      unitPrice: plainDecimal(line.unitPrice),
      taxCategory: line.taxCategory,
      sold: { quantity: limit.sold.quantity, amount: limit.sold.amount },
      credited: { quantity: limit.credited.quantity, amount: limit.credited.amount },
      remaining: { quantity: limit.remaining.quantity, amount: limit.remaining.amount },
      remainingDiscount: limit.remaining.discount,
    }
  })
}
