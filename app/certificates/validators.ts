import vine, { errors as vineErrors } from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * The certificate password travels with the file (multipart); the file
 * itself is read and checked by the upload action (size, PKCS#12, dates,
 * owner), which has a specific message for each problem.
 */
export const uploadCertificateValidator = vine.compile(
  vine.object({
    password: vine.string().maxLength(256).optional(),
  })
)

/** PAC tokens as The Factory HKA issues them: opaque strings. */
export const pacCredentialsValidator = vine.compile(
  vine.object({
    tokenEmpresa: vine.string().trim().minLength(4).maxLength(256),
    tokenPassword: vine.string().trim().minLength(4).maxLength(256),
  })
)

export const environmentValidator = vine.compile(
  vine.object({ environment: vine.enum(['test', 'production'] as const) })
)

/**
 * Vine messages from `certificates.validator.*` (resources/lang), then the
 * shared `validator.shared.messages.*`.
 */
export class CertificatesMessagesProvider implements MessagesProviderContact {
  constructor(private i18n: I18n) {}

  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    meta?: Record<string, any>
  ) {
    const fieldKey = `certificates.validator.fields.${field.name}`
    const fieldName = this.i18n.resolveIdentifier(fieldKey)
      ? this.i18n.t(fieldKey)
      : String(field.name)
    const data = { ...meta, field: fieldName }
    for (const key of [
      `certificates.validator.messages.${rule}`,
      `validator.shared.messages.${rule}`,
    ]) {
      if (this.i18n.resolveIdentifier(key)) return this.i18n.t(key, data)
    }
    return defaultMessage
  }
}

/**
 * Validation errors as `{ field: message }`, to flash them without the
 * submitted values: the default handler would keep the form input in the
 * session, and these forms carry secrets.
 */
export function errorsByField(error: unknown): Record<string, string> | null {
  if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) return null
  const result: Record<string, string> = {}
  for (const item of error.messages as Array<{ field: string; message: string }>) {
    result[item.field] ??= item.message
  }
  return result
}
