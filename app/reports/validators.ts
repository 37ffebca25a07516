import vine from '@vinejs/vine'

/** A ZIP request: the period as the report reads it, and whether PDFs go in. */
export const archiveValidator = vine.compile(
  vine.object({
    period: vine.enum(['month', 'quarter', 'custom']),
    month: vine.string().trim().optional(),
    quarter: vine.string().trim().optional(),
    from: vine.string().trim().optional(),
    to: vine.string().trim().optional(),
    includePdf: vine.boolean().optional(),
  })
)

/** A payment received against an invoice. */
export const paymentValidator = vine.compile(
  vine.object({
    paidOn: vine.date({ formats: ['YYYY-MM-DD'] }),
    method: vine.enum(['cash', 'transfer', 'card', 'cheque', 'other']),
    amount: vine
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,2})?$/),
    reference: vine.string().trim().maxLength(120).optional(),
  })
)

/** A company's reminder e-mails: on or off, and how many days past due. */
export const reminderSettingsValidator = vine.compile(
  vine.object({
    enabled: vine.boolean(),
    daysAfterDue: vine.number().withoutDecimals().range([1, 90]),
  })
)
