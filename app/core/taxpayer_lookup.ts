/*
|--------------------------------------------------------------------------
| Taxpayer lookup (what the authority knows of a tax id)
|--------------------------------------------------------------------------
|
| Shared by the customer form (with the company's credentials) and the
| sign-up form (on the platform's behalf, before the company exists). The
| country's adapter does the work: its own check of the tax id and check
| digits first, then the authority's service where it offers one
| ('taxpayer_lookup'). This turns every outcome into what a form shows,
| in the user's language: the data to fill in, or why there is none.
|
*/
import vine from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { IssuerContext, LocalizedText, TaxpayerQuery } from '#adapters/core/types'

export type TaxpayerLookupDto =
  | {
      status: 'found'
      taxId: string
      checkDigits: string | null
      legalName: string | null
      taxpayerType: string | null
      /** null: the authority did not say plainly. */
      electronicInvoicing: boolean | null
      message: string
    }
  /** The country's own check failed; nothing was asked. */
  | { status: 'invalid'; errors: Array<{ field: string; message: string }>; message: string }
  | { status: 'not_found'; message: string }
  /** The authority or its PAC did not answer (retry later). */
  | { status: 'unreachable'; message: string }
  /** The call was refused before or by the authority (credentials, configuration). */
  | { status: 'refused'; message: string }
  /** The company has not loaded the credentials the lookup needs. */
  | { status: 'credentials_missing'; message: string; credentialsUrl: string | null }
  /** The country's authority offers no lookup. */
  | { status: 'unavailable'; message: string }

function localized(text: LocalizedText, i18n: I18n) {
  return i18n.locale.startsWith('en') ? text.en : text.es
}

/** Whether the country's adapter offers the lookup (forms show the button only then). */
export function offersTaxpayerLookup(country: string): boolean {
  return tax.has(country) && !!tax.use(country).capabilities.services?.includes('taxpayer_lookup')
}

/**
 * Asks the country's adapter about a tax id. `issuer` undefined asks on the
 * platform's behalf (sign-up). Never throws for the user's input or the
 * authority's trouble: every outcome is a status with a message.
 */
export async function lookupTaxpayer(
  country: string,
  query: TaxpayerQuery,
  issuer: IssuerContext | undefined,
  i18n: I18n
): Promise<TaxpayerLookupDto> {
  if (!offersTaxpayerLookup(country)) {
    return { status: 'unavailable', message: i18n.t('taxpayer_lookup.unavailable') }
  }
  try {
    const result = await tax.use(country).lookupTaxpayer(query, issuer)
    if (result.status === 'invalid') {
      const errors = (result.issues ?? []).map((issue) => ({
        field: issue.field,
        message: localized(issue.message, i18n),
      }))
      return {
        status: 'invalid',
        errors,
        message: errors[0]?.message ?? i18n.t('taxpayer_lookup.invalid'),
      }
    }
    if (result.status === 'not_found') {
      // HKA's return codes are opaque: its own words go along with ours.
      const said = result.messages.map((message) => message.text.trim()).filter(Boolean)
      return {
        status: 'not_found',
        message: [i18n.t('taxpayer_lookup.not_found', { taxId: query.taxId.trim() }), ...said]
          .join(' ')
          .trim(),
      }
    }
    const affiliation =
      result.electronicInvoicing === true
        ? 'affiliated'
        : result.electronicInvoicing === false
          ? 'not_affiliated'
          : 'affiliation_unknown'
    return {
      status: 'found',
      taxId: result.taxId ?? query.taxId.trim(),
      checkDigits: result.checkDigits ?? null,
      legalName: result.legalName?.trim() || null,
      taxpayerType: result.taxpayerType ?? null,
      electronicInvoicing: result.electronicInvoicing ?? null,
      message: i18n.t(`taxpayer_lookup.${affiliation}`, {
        name: result.legalName?.trim() || result.taxId || query.taxId.trim(),
        text: result.electronicInvoicingText ?? '',
      }),
    }
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    if (error.retryable) {
      return { status: 'unreachable', message: i18n.t('taxpayer_lookup.unreachable') }
    }
    return { status: 'refused', message: localized(error.messages, i18n) }
  }
}

/** What a form sends to look a tax id up; its shape only, the adapter checks the rest. */
export const taxpayerQuerySchema = {
  taxId: vine.string().trim().minLength(1).maxLength(40),
  checkDigits: vine.string().trim().maxLength(4).optional(),
  taxpayerType: vine.string().trim().maxLength(4).optional(),
}

export const taxpayerQueryValidator = vine.compile(vine.object(taxpayerQuerySchema))
