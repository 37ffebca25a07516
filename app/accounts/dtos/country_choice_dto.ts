import tax from '#adapters/core/services/tax'
import { offersTaxpayerLookup } from '#core/taxpayer_lookup'

/** A country a company can register in, as the sign-up form shows it. */
export interface CountryChoiceDto {
  code: string
  name: string
  taxId: {
    /** Ask the check digits in a field of their own. */
    checkDigits: boolean
    example: string
    hint: string
    numeric: boolean
  }
  /** The authority can look the company's tax id up (name, check digits): the form offers it. */
  taxpayerLookup: boolean
}

/** Every registered country (its adapter's profile), in the request's language. */
export function countryChoices(locale: string): CountryChoiceDto[] {
  const lang = locale === 'en' ? 'en' : 'es'
  return tax.all().map((authority) => {
    const { name, taxId } = authority.profile
    return {
      code: authority.country,
      name: name[lang],
      taxId: {
        checkDigits: taxId.checkDigits,
        example: taxId.example,
        hint: taxId.hint[lang],
        numeric: taxId.numeric,
      },
      taxpayerLookup: offersTaxpayerLookup(authority.country),
    }
  })
}
