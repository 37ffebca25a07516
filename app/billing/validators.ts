import vine from '@vinejs/vine'

/** A plan chosen on the billing page (its code; whether it is for sale is checked after). */
export const planChoiceValidator = vine.compile(
  vine.object({
    plan: vine
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_]{1,32}$/),
  })
)
