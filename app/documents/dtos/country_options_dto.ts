/*
 * What the document pages need from the company's country, read from its
 * tax adapter: the page never knows the country, only these values.
 */
import type { I18n } from '@adonisjs/i18n'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import { DOCUMENT_TEXT_LIMITS } from '#documents/validators'
import type Document from '#documents/models/document'
import { voidingRule } from '#documents/voiding'

export interface DocumentFormCountryDto {
  /** Active VAT categories for new lines. */
  taxCategories: Array<{ code: string; rate: string; label: string }>
  paymentMethods: Array<{ code: string; label: string }>
  /** What a new line, a new document's payment and an added payment start with. */
  defaults: { taxCategory: string; paymentMethod: string; addedPaymentMethod: string }
  /** Why the company cannot issue yet (its country's authority is not connected), if so. */
  issuingUnavailable: string | null
  /** The company's environment, named in the "Emitir" confirmation (a test document has no tax validity). */
  environment: string
  /** The longest text each field takes (the inputs count down to it). */
  textLimits: typeof DOCUMENT_TEXT_LIMITS
}

export function documentFormCountry(
  authority: TaxAuthority,
  i18n: I18n,
  environment: string
): DocumentFormCountryDto {
  const lang = i18n.locale === 'en' ? 'en' : 'es'
  const { defaults, name } = authority.profile
  return {
    taxCategories: authority
      .taxCategories()
      .filter((category) => category.active && category.kind === 'vat')
      .map((category) => ({
        code: category.code,
        rate: category.rate,
        label: category.label[lang],
      })),
    paymentMethods: authority
      .paymentMethods()
      .map((method) => ({ code: method.code, label: method.label[lang] })),
    defaults: { ...defaults },
    issuingUnavailable: authority.capabilities.issuing
      ? null
      : i18n.t('invoicing.errors.issuing_unavailable', { country: name[lang] }),
    environment,
    textLimits: DOCUMENT_TEXT_LIMITS,
  }
}

/** What voiding an authorized document means in the country, for the button's explanation. */
export interface VoidingDto {
  by: 'authority' | 'credit_note'
  explanation: string
  /** This document may be voided now ("Anular" is offered). */
  allowed: boolean
  /** Until when it may be voided (ISO), where the authority sets a window. */
  until: string | null
  /** Length the reason must have. */
  reason: { min: number; max: number } | null
}

export function voidingOf(
  authority: TaxAuthority | null,
  locale: string,
  document?: Pick<Document, 'status' | 'authorizedAt'>
): VoidingDto {
  if (!authority) {
    return { by: 'credit_note', explanation: '', allowed: false, until: null, reason: null }
  }
  const { by, explanation } = authority.profile.voiding
  const rule = document ? voidingRule(authority, document) : null
  return {
    by,
    explanation: locale === 'en' ? explanation.en : explanation.es,
    allowed: rule?.allowed ?? false,
    until: rule?.until?.toISOString() ?? null,
    reason: rule?.allowed ? rule.reason : null,
  }
}
