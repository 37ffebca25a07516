import vine from '@vinejs/vine'
import { pageNumber, recordId } from '#core/record_id'
import type { FieldContext } from '@vinejs/vine/types'
import type { ValidationIssue } from '#adapters/core/types'
import tax from '#adapters/core/services/tax'
import { checkTaxId, taxIdError } from '#accounts/tax_id'
import { INVITABLE_ROLES, ROLES } from '#accounts/roles'
import { xmlText } from '#core/xml_text_rule'
import { taxpayerQuerySchema } from '#core/taxpayer_lookup'
import { AUDIT_ENTITIES } from '#accounts/audit/actions'

/**
 * Password policy: at least 10 characters with letters and digits, and not
 * the e-mail itself. Long passphrases are welcome (up to 128).
 */
const strongPassword = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    if (!/[A-Za-zÁÉÍÓÚÑáéíóúñ]/.test(value) || !/\d/.test(value)) {
      field.report('The {{ field }} must mix letters and digits', 'password_mix', field)
      return
    }
    const email = field.parent?.email
    if (typeof email === 'string' && value.toLowerCase() === email.trim().toLowerCase()) {
      field.report('The {{ field }} cannot be your e-mail', 'password_email', field)
    }
  }
)

const password = () => vine.string().minLength(10).maxLength(128).use(strongPassword()).confirmed()

/** The issue's text in the request's language (controllers pass `meta.locale`). */
function issueText(issue: ValidationIssue, meta: Record<string, unknown> | undefined) {
  return meta?.locale === 'en' ? issue.message.en : issue.message.es
}

/** The registered country of the form, if the country field holds one. */
function registeredCountry(field: FieldContext): string | undefined {
  const country = field.parent?.country
  return typeof country === 'string' && tax.has(country) ? country : undefined
}

/** Whether the form's country writes its tax id's check digits apart. */
function asksCheckDigits(field: FieldContext) {
  const country = registeredCountry(field)
  return country !== undefined && tax.use(country).profile.taxId.checkDigits
}

/**
 * The company's tax id, checked by the country's adapter. The adapter's
 * message is the field's message. Problems with check digits written apart
 * are reported on their own field by `validCheckDigits` below.
 */
const validTaxId = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const country = registeredCountry(field)
  if (!country) return
  const check = checkTaxId(country, value, field.parent?.taxIdDv)
  const problem = taxIdError(check, 'taxId')
  if (problem) {
    field.report(issueText(problem, field.meta), problem.code, field)
    return
  }
  field.mutate(check.normalized, field)
})

/** Check digits written apart (Panama DV), checked by the country's adapter with the tax id. */
const validCheckDigits = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !asksCheckDigits(field)) return
    const taxId = field.parent?.taxId
    if (typeof taxId !== 'string') return
    const check = checkTaxId(registeredCountry(field)!, taxId, value)
    // A RUC that cannot be read is reported on the RUC field alone.
    if (taxIdError(check, 'taxId')) return
    const problem = taxIdError(check, 'taxIdCheckDigits')
    if (problem) field.report(issueText(problem, field.meta), problem.code, field)
  }
)

/**
 * Sign-up forms never check whether the e-mail is taken (that would tell
 * anyone who has an account): the action handles an existing address.
 */
export const registerValidator = vine.compile(
  vine.object({
    // The countries whose adapters are registered (one provider line each).
    country: vine.enum(() => tax.countries()),
    taxId: vine.string().trim().minLength(5).maxLength(30).use(validTaxId()),
    taxIdDv: vine
      .string()
      .trim()
      .maxLength(2)
      .use(validCheckDigits())
      .optional()
      .requiredWhen((field) => asksCheckDigits(field)),
    // razonSocial, nombreComercial, dirMatriz of every document the company issues.
    legalName: vine.string().trim().minLength(2).maxLength(300).use(xmlText()),
    tradeName: vine.string().trim().minLength(2).maxLength(300).use(xmlText()),
    address: vine.string().trim().minLength(5).maxLength(300).use(xmlText()),
    fullName: vine.string().trim().minLength(2).maxLength(120),
    email: vine
      .string()
      .trim()
      .maxLength(254)
      .email()
      .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false }),
    password: password(),
  })
)

/** The account page: the current password proves it is the owner asking. */
export const changePasswordValidator = vine.compile(
  vine.object({
    currentPassword: vine.string().maxLength(128),
    password: password(),
  })
)

export const loginValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
    password: vine.string().maxLength(128),
    remember: vine.boolean().optional(),
  })
)

export const forgotPasswordValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
  })
)

export const resetPasswordValidator = vine.compile(
  vine.object({
    token: vine.string().trim().maxLength(128),
    password: password(),
  })
)

export const inviteByEmailValidator = vine.compile(
  vine.object({
    email: vine
      .string()
      .trim()
      .maxLength(254)
      .email()
      .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false }),
    role: vine.enum(INVITABLE_ROLES),
  })
)

export const createJoinCodeValidator = vine.compile(
  vine.object({
    role: vine.enum(INVITABLE_ROLES),
    expiresInDays: vine.number().withoutDecimals().range([1, 30]),
    maxUses: vine.number().withoutDecimals().range([1, 500]).optional(),
  })
)

export const changeRoleValidator = vine.compile(
  vine.object({
    role: vine.enum(ROLES),
  })
)

/** A new user accepting an invitation: the e-mail comes from the invitation. */
export const acceptAsNewUserValidator = vine.compile(
  vine.object({
    fullName: vine.string().trim().minLength(2).maxLength(120),
    password: password(),
  })
)

export const joinCodeValidator = vine.compile(
  vine.object({
    code: vine.string().trim().minLength(4).maxLength(32),
  })
)

/** A guest joining with a code creates the account in the same form. */
export const joinAsNewUserValidator = vine.compile(
  vine.object({
    code: vine.string().trim().minLength(4).maxLength(32),
    fullName: vine.string().trim().minLength(2).maxLength(120),
    email: vine
      .string()
      .trim()
      .maxLength(254)
      .email()
      .normalizeEmail({ all_lowercase: true, gmail_remove_dots: false }),
    password: password(),
  })
)

export const auditFilterValidator = vine.compile(
  vine.object({
    page: pageNumber().optional(),
    action: vine.string().trim().maxLength(64).optional(),
    entity: vine.enum(AUDIT_ENTITIES).optional(),
    entityId: vine.string().trim().maxLength(40).optional(),
    user: vine.string().trim().maxLength(254).optional(),
    from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  })
)

export const switchTenantValidator = vine.compile(
  vine.object({
    tenantId: recordId(),
  })
)

/** The sign-up form's RUC lookup: the country chosen and the tax id typed (the adapter checks it). */
export const signupTaxpayerQueryValidator = vine.compile(
  vine.object({ country: vine.enum(() => tax.countries()), ...taxpayerQuerySchema })
)
