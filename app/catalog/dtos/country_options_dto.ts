import type { CodeFormat, CountryRules } from '#adapters/core/types'
import { offersTaxpayerLookup } from '#core/taxpayer_lookup'
import {
  emissionPointCodeFormat,
  establishmentCodeFormat,
  foreignIdentificationTypes,
  identityFieldRules,
  productTaxCategories,
  taxpayerTypes,
  text,
  type IdentityFieldRules,
} from '#catalog/country_rules'

export interface OptionDto {
  code: string
  key: string
  label: string
}

export interface IdentificationTypeDto extends Omit<OptionDto, 'key'> {
  fixedNumber: string | null
  fields: IdentityFieldRules
}

export interface TaxCategoryDto extends Omit<OptionDto, 'key'> {
  rate: string
  active: boolean
}

export interface CodeFormatDto {
  length: number
  pattern: string
  first: string
  hint: string
}

/** The choices of the customer form (and of the invoice form's quick customer). */
export interface CustomerOptionsDto {
  identificationTypes: IdentificationTypeDto[]
  taxpayerTypes: OptionDto[]
  foreignIdTypes: OptionDto[]
  /** The authority can look a tax id up (name, check digits, e-invoicing): the form offers the button. */
  taxpayerLookup: boolean
}

/** The tenant country's choices for customer forms, in the user's language. */
export function customerOptions(rules: CountryRules, locale: string): CustomerOptionsDto {
  return {
    identificationTypes: rules.identificationTypes().map(
      (type): IdentificationTypeDto => ({
        code: type.code,
        label: text(type.label, locale),
        fixedNumber: type.fixedNumber ?? null,
        fields: identityFieldRules(type),
      })
    ),
    taxpayerTypes: taxpayerTypes(rules).map(
      (option): OptionDto => ({
        code: option.code,
        key: option.key,
        label: text(option.label, locale),
      })
    ),
    foreignIdTypes: foreignIdentificationTypes(rules).map(
      (option): OptionDto => ({
        code: option.code,
        key: option.key,
        label: text(option.label, locale),
      })
    ),
    taxpayerLookup: offersTaxpayerLookup(rules.country),
  }
}

export function taxCategoryOptions(rules: CountryRules, locale: string): TaxCategoryDto[] {
  return productTaxCategories(rules).map((category) => ({
    code: category.code,
    label: text(category.label, locale),
    rate: category.rate,
    active: category.active,
  }))
}

function formatDto(format: CodeFormat, locale: string): CodeFormatDto {
  return {
    length: format.length,
    pattern: format.pattern,
    first: format.first,
    hint: text(format.hint, locale),
  }
}

export function codeFormats(rules: CountryRules, locale: string) {
  return {
    establishment: formatDto(establishmentCodeFormat(rules), locale),
    emissionPoint: formatDto(emissionPointCodeFormat(rules), locale),
  }
}
