import vine from '@vinejs/vine'
import { xmlText } from '#core/xml_text_rule'

type Validator = ReturnType<typeof compile>
const compiled = new Map<string, Validator>()

function compile(length: { min: number; max: number }) {
  return vine.compile(
    vine.object({
      // Sent to the authority inside its request: xmlText refuses what XML cannot carry.
      voidReason: vine.string().trim().minLength(length.min).maxLength(length.max).use(xmlText()),
    })
  )
}

/**
 * The reason for voiding a document, as long as the country's authority
 * asks (its profile): one compiled validator per length, made once.
 */
export function voidReasonValidator(length: { min: number; max: number }): Validator {
  const key = `${length.min}-${length.max}`
  let validator = compiled.get(key)
  if (!validator) {
    validator = compile(length)
    compiled.set(key, validator)
  }
  return validator
}
