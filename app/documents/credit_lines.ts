import type DocumentLine from '#documents/models/document_line'
import type { DraftLineInput } from '#documents/actions/save_draft'
import { InvoicingException } from '#documents/errors'
import { NOTHING, type LineAmounts, type LineLimit } from '#documents/credit_limits'
import {
  addDecimal,
  computeTotals,
  isPositive,
  notAbove,
  shareOf,
  subtractDecimal,
  subtractMoney,
  sumMoney,
} from '#documents/totals'

/** One invoice line chosen for a credit note, and how much of it. */
export interface CreditChoice {
  sourceLineId: number
  quantity: string
}

function overBalance(total: string, balance: string) {
  return new InvoicingException('invoicing.errors.credit_over_balance', { total, balance })
}

/** A copy of an invoice line for the credit note, with `quantity` and `discount`. */
function creditLine(source: DocumentLine, quantity: string, discount: string): DraftLineInput {
  return {
    productId: source.productId,
    sourceLineId: source.id,
    code: source.code,
    description: source.description,
    unit: source.unit,
    quantity,
    unitPrice: source.unitPrice,
    discount,
    taxCategory: source.taxCategory,
  }
}

/**
 * The lines of a credit note from the chosen invoice lines (none: the
 * whole invoice), refused with the offending line's field when a line
 * would give back more quantity or more amount than is left on it, or the
 * note more than the invoice balance. Pure: `limits` and `balance` come
 * from creditedByLine and creditBalance.
 */
export function planCreditLines(
  invoiceLines: DocumentLine[],
  limits: LineLimit[],
  balance: string,
  rates: Record<string, string>,
  choices: CreditChoice[] | undefined
): DraftLineInput[] {
  const sources = new Map(invoiceLines.map((line) => [line.id, line]))
  const limitOf = new Map(limits.map((limit) => [limit.lineId, limit]))
  const whole = !choices?.length
  if (whole) {
    // The whole invoice after a partial credit note is over the balance: say so first.
    const full = invoiceLines.map((line) => creditLine(line, line.quantity, line.discount))
    const total = computeTotals(full, rates).total
    if (!notAbove(total, balance)) throw overBalance(total, balance)
  }
  const chosen = whole
    ? limits.map((limit) => ({ sourceLineId: limit.lineId, quantity: limit.sold.quantity }))
    : choices

  // What this request already takes from each line (a line chosen twice adds up).
  const taken = new Map<number, LineAmounts>()
  const lines = chosen.map((choice, index) => {
    const field = `lines.${index}.quantity`
    const source = sources.get(choice.sourceLineId)
    const limit = limitOf.get(choice.sourceLineId)
    if (!source || !limit) {
      throw new InvoicingException(
        'invoicing.errors.credit_line_unknown',
        {},
        `lines.${index}.sourceLineId`
      )
    }
    const before = taken.get(source.id) ?? NOTHING
    const left = {
      quantity: subtractDecimal(limit.remaining.quantity, before.quantity),
      amount: subtractMoney(limit.remaining.amount, before.amount),
      discount: subtractMoney(limit.remaining.discount, before.discount),
    }
    if (!isPositive(left.quantity)) {
      throw new InvoicingException('invoicing.errors.credit_line_exhausted', {}, field)
    }
    if (!isPositive(choice.quantity)) {
      throw new InvoicingException(
        'invoicing.errors.credit_quantity',
        { max: left.quantity },
        field
      )
    }
    if (!notAbove(choice.quantity, left.quantity)) {
      throw new InvoicingException(
        'invoicing.errors.credit_line_quantity',
        {
          remaining: left.quantity,
          sold: limit.sold.quantity,
          credited: addDecimal(limit.credited.quantity, before.quantity),
        },
        field
      )
    }
    // The discount goes back in proportion to what is left of it; the last units
    // take all of it, so a line credited in parts never adds up to a cent more.
    const discount = notAbove(left.quantity, choice.quantity)
      ? left.discount
      : shareOf(left.discount, choice.quantity, left.quantity)
    const line = creditLine(source, choice.quantity, discount)
    const amount = computeTotals([line], rates).lines[0]
    if (!notAbove(amount, left.amount)) {
      throw new InvoicingException(
        'invoicing.errors.credit_line_amount',
        { amount, remaining: left.amount },
        field
      )
    }
    taken.set(source.id, {
      quantity: addDecimal(before.quantity, choice.quantity),
      amount: sumMoney([before.amount, amount]),
      discount: sumMoney([before.discount, discount]),
    })
    return line
  })

  const total = computeTotals(lines, rates).total
  if (!notAbove(total, balance)) throw overBalance(total, balance)
  return lines
}
