import vine from '@vinejs/vine'
import { xmlText } from '#core/xml_text_rule'
import { recordId } from '#core/record_id'

/** Amounts as decimal strings ("12.5" or "12,5"); never floats. */
const amount = (decimals: number) =>
  vine
    .string()
    .trim()
    .regex(new RegExp(`^\\d{1,12}([.,]\\d{1,${decimals}})?$`))
    .transform((value) => value.replace(',', '.'))

// Every text of a line, payment or additional field goes into the XML: xmlText refuses what it cannot carry.
const line = vine.object({
  productId: recordId().optional().nullable(),
  code: vine.string().trim().minLength(1).maxLength(25).use(xmlText()),
  description: vine.string().trim().minLength(1).maxLength(300).use(xmlText()),
  unit: vine.string().trim().maxLength(20).use(xmlText()).optional().nullable(),
  quantity: amount(6),
  unitPrice: amount(6),
  discount: amount(2).optional().nullable(),
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
        termUnit: vine.string().trim().maxLength(10).use(xmlText()).optional().nullable(),
      })
    )
    .maxLength(20)
    .optional(),
  additionalInfo: vine
    .array(
      vine.object({
        name: vine.string().trim().minLength(1).maxLength(300).use(xmlText()),
        value: vine.string().trim().minLength(1).maxLength(300).use(xmlText()),
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
    reason: vine.string().trim().minLength(3).maxLength(300).use(xmlText()),
    lines: vine
      .array(
        vine.object({
          sourceLineId: recordId(),
          quantity: amount(6),
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
