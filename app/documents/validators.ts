import vine from '@vinejs/vine'
import { xmlText } from '#core/xml_text_rule'
import { recordId } from '#core/record_id'
import { isPositive, lineGross, notAbove } from '#documents/totals'
import type { FieldContext } from '@vinejs/vine/types'

/**
 * A quantity above zero: a line of 0 units sells nothing (and a credit of 0
 * credits nothing). Without it the live totals would show a zero or
 * negative line with no message next to the cause.
 */
const positiveAmount = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !field.isValid) return
    if (!isPositive(value))
      field.report('The {{ field }} must be greater than 0', 'positive', field)
  }
)

/**
 * A line's discount is at most its quantity × unit price: more would make
 * the line, and possibly the invoice, negative.
 */
const discountWithinLine = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !field.isValid) return
    const line = field.parent as { quantity?: unknown; unitPrice?: unknown }
    if (typeof line.quantity !== 'string' || typeof line.unitPrice !== 'string') return
    const gross = lineGross(line.quantity, line.unitPrice)
    if (!notAbove(value, gross)) {
      field.report('The {{ field }} is larger than the line', 'discount_over_line', field, {
        gross,
      })
    }
  }
)

/** Amounts as decimal strings ("12.5" or "12,5"); never floats. Extra rules run before the comma becomes a dot. */
const amount = (decimals: number, ...rules: Array<ReturnType<typeof positiveAmount>>) =>
  rules
    .reduce(
      (schema, rule) => schema.use(rule),
      vine
        .string()
        .trim()
        .regex(new RegExp(`^\\d{1,12}([.,]\\d{1,${decimals}})?$`))
    )
    .transform((value) => value.replace(',', '.'))

/**
 * The longest text each field of a document takes, as the authority's
 * schema allows it (SRI: codigoPrincipal 25, descripcion and campoAdicional
 * 300). The form limits its inputs to the same figures and counts down.
 */
export const DOCUMENT_TEXT_LIMITS = {
  code: 25,
  description: 300,
  unit: 20,
  termUnit: 10,
  additionalName: 300,
  additionalValue: 300,
  reason: 300,
} as const
const LIMIT = DOCUMENT_TEXT_LIMITS

// Every text of a line, payment or additional field goes into the XML: xmlText refuses what it cannot carry.
const line = vine.object({
  productId: recordId().optional().nullable(),
  code: vine.string().trim().minLength(1).maxLength(LIMIT.code).use(xmlText()),
  description: vine.string().trim().minLength(1).maxLength(LIMIT.description).use(xmlText()),
  unit: vine.string().trim().maxLength(LIMIT.unit).use(xmlText()).optional().nullable(),
  quantity: amount(6, positiveAmount()),
  unitPrice: amount(6),
  discount: amount(2, discountWithinLine()).optional().nullable(),
  taxCategory: vine.string().trim().maxLength(30),
})

const documentFields = {
  customerId: recordId(),
  establishmentId: recordId(),
  emissionPointId: recordId(),
  lines: vine.array(line).minLength(1).maxLength(500),
  payments: vine
    .array(
      vine.object({
        // A code of the country's list (SRI formaPago "01"…); its adapter checks which.
        method: vine
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_-]{1,20}$/),
        amount: amount(2),
        term: vine.number().withoutDecimals().min(0).max(3650).optional().nullable(),
        termUnit: vine
          .string()
          .trim()
          .maxLength(LIMIT.termUnit)
          .use(xmlText())
          .optional()
          .nullable(),
      })
    )
    .maxLength(20)
    .optional(),
  additionalInfo: vine
    .array(
      vine.object({
        name: vine.string().trim().minLength(1).maxLength(LIMIT.additionalName).use(xmlText()),
        value: vine.string().trim().minLength(1).maxLength(LIMIT.additionalValue).use(xmlText()),
      })
    )
    .maxLength(15)
    .optional(),
}

/** An invoice from the form: save as draft or issue. */
export const documentValidator = vine.compile(
  vine.object({
    ...documentFields,
    intent: vine.enum(['draft', 'issue'] as const).optional(),
  })
)

/** A credit note against an authorized invoice: the whole of it or chosen lines. */
export const creditNoteValidator = vine.compile(
  vine.object({
    reason: vine.string().trim().minLength(3).maxLength(LIMIT.reason).use(xmlText()),
    lines: vine
      .array(
        vine.object({
          sourceLineId: recordId(),
          quantity: amount(6, positiveAmount()),
        })
      )
      .maxLength(500)
      .optional(),
  })
)

/** The Idempotency-Key header: printable, at most 120 characters. */
export function idempotencyKeyOf(value: string | undefined | null): string | null {
  const key = (value ?? '').trim()
  if (!key) return null
  return /^[\x21-\x7e]{1,120}$/.test(key) ? key : null
}
