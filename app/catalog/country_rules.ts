/*
|--------------------------------------------------------------------------
| Country rules for the catalogs
|--------------------------------------------------------------------------
|
| The catalogs never know a country: identification types and checks, tax
| categories and code formats come from the tenant's adapter through the
| TaxManager (`tax.use(country)`). This file turns them into what
| forms, validators and imports need.
|
*/
import type { I18n } from '@adonisjs/i18n'
import tax from '#adapters/core/services/tax'
import type {
  CodeFormat,
  CodeOption,
  CountryRules,
  CustomerIdentity,
  CustomerTypeFields,
  FieldRule,
  IdentificationType,
  LocalizedText,
  TaxCategory,
  ValidationIssue,
} from '#adapters/core/types'

export type Locale = 'es' | 'en'

export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'es'
}

export function text(label: LocalizedText, locale: string): string {
  return label[localeOf(locale)]
}

/**
 * Used when a country does not define its own format: the three digits of
 * the neutral DocumentIssuer ("001"), which is what SRI prints.
 */
const THREE_DIGITS: CodeFormat = {
  length: 3,
  pattern: '^(?!000)\\d{3}$',
  first: '001',
  last: '999',
  hint: { es: '3 dígitos, de 001 a 999.', en: '3 digits, from 001 to 999.' },
}

export function rulesFor(country: string): CountryRules {
  return tax.use(country)
}

export function establishmentCodeFormat(rules: CountryRules): CodeFormat {
  return rules.establishmentCode ?? THREE_DIGITS
}

export function emissionPointCodeFormat(rules: CountryRules): CodeFormat {
  return rules.emissionPointCode ?? THREE_DIGITS
}

export function matchesFormat(format: CodeFormat, code: string) {
  return new RegExp(format.pattern).test(code)
}

/** What a customer form asks for, per identification type. */
export interface IdentityFieldRules {
  number: FieldRule
  checkDigits: FieldRule
  taxpayerType: FieldRule
  foreignIdType: FieldRule
  foreignCountry: FieldRule | 'passport_only'
}

/**
 * A type without a field description asks for its number only (and not
 * even that when the number is fixed, as for a final consumer).
 */
export function identityFieldRules(
  type: IdentificationType & { fields?: CustomerTypeFields }
): IdentityFieldRules {
  const fields = type.fields
  if (!fields) {
    return {
      number: type.fixedNumber ? 'optional' : 'required',
      checkDigits: 'omit',
      taxpayerType: 'omit',
      foreignIdType: 'omit',
      foreignCountry: 'omit',
    }
  }
  // The number field carries the tax id, or the foreign id when the type
  // takes no tax id at all.
  const number = fields.ruc !== 'omit' ? fields.ruc : fields.foreignIdentification
  return {
    number,
    checkDigits: fields.checkDigits,
    taxpayerType: fields.taxpayerType,
    foreignIdType: fields.foreignIdentification,
    foreignCountry: fields.foreignCountry,
  }
}

export function findIdentificationType(rules: CountryRules, code: string) {
  return rules.identificationTypes().find((type) => type.code === code)
}

/**
 * Finds a type from what a person or a spreadsheet writes: the code ("05"),
 * the key ("cedula") or the label in either language ("Cédula").
 */
export function resolveIdentificationType(rules: CountryRules, value: string) {
  const wanted = normalizeWord(value)
  if (wanted === '') return undefined
  return rules
    .identificationTypes()
    .find(
      (type) =>
        type.code === value.trim() ||
        (/^\d$/.test(value.trim()) && type.code === value.trim().padStart(2, '0')) ||
        normalizeWord(type.key) === wanted ||
        normalizeWord(type.label.es) === wanted ||
        normalizeWord(type.label.en) === wanted
    )
}

/** VAT categories offered for new products (historic rates stay readable). */
export function productTaxCategories(rules: CountryRules): TaxCategory[] {
  return rules.taxCategories().filter((category) => category.kind === 'vat')
}

export function findTaxCategory(rules: CountryRules, code: string) {
  return productTaxCategories(rules).find((category) => category.code === code)
}

/** A tax category from its code ("iva_15") or its label ("IVA 15 %"). */
export function resolveTaxCategory(rules: CountryRules, value: string) {
  const wanted = normalizeWord(value)
  if (wanted === '') return undefined
  return productTaxCategories(rules).find(
    (category) =>
      category.active &&
      (normalizeWord(category.code) === wanted ||
        normalizeWord(category.label.es) === wanted ||
        normalizeWord(category.label.en) === wanted)
  )
}

export function taxpayerTypes(rules: CountryRules): CodeOption[] {
  return rules.taxpayerTypes?.() ?? []
}

export function foreignIdentificationTypes(rules: CountryRules): CodeOption[] {
  return rules.foreignIdentificationTypes?.() ?? []
}

/** A code of an option list from its code, key or label. */
export function resolveOption(options: CodeOption[], value: string) {
  const wanted = normalizeWord(value)
  if (wanted === '') return undefined
  return options.find(
    (option) =>
      option.code === value.trim() ||
      normalizeWord(option.key) === wanted ||
      normalizeWord(option.label.es) === wanted ||
      normalizeWord(option.label.en) === wanted
  )
}

/** Lowercase, without accents, spaces or punctuation: "Cédula " → "cedula". */
export function normalizeWord(value: string) {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}

/** Form field of each issue field the country rules report. */
const ISSUE_FIELDS: Record<string, keyof CustomerIdentityInput> = {
  identificationType: 'identificationType',
  identification: 'identification',
  identificationCheckDigits: 'checkDigits',
  taxpayerType: 'taxpayerType',
  foreignIdentificationType: 'foreignIdType',
  country: 'foreignCountry',
}

export interface CustomerIdentityInput {
  identificationType: string
  identification: string
  checkDigits: string | null
  taxpayerType: string | null
  foreignIdType: string | null
  foreignCountry: string | null
}

export interface FieldProblem {
  field: string
  message: string
  code: string
}

/**
 * Normalizes a customer's identification for its type (a fixed number is
 * filled in, fields the type does not take are cleared) and checks it with
 * the country rules. Errors block; warnings are returned apart.
 */
export function checkCustomerIdentity(
  rules: CountryRules,
  input: CustomerIdentityInput,
  i18n: I18n
): { value: CustomerIdentityInput; errors: FieldProblem[]; warnings: FieldProblem[] } {
  const locale = i18n.locale
  const type = findIdentificationType(rules, input.identificationType)
  if (!type) {
    const issue: FieldProblem = {
      field: 'identificationType',
      code: 'identification_type',
      message: i18n.t('catalog.customers.errors.identification_type'),
    }
    return { value: input, errors: [issue], warnings: [] }
  }
  const fieldRules = identityFieldRules(type)
  const keep = (rule: FieldRule | 'passport_only', value: string | null) =>
    rule === 'omit' || !value ? null : value
  const value: CustomerIdentityInput = {
    identificationType: type.code,
    identification:
      fieldRules.number === 'omit' ? '' : input.identification || type.fixedNumber || '',
    checkDigits: keep(fieldRules.checkDigits, input.checkDigits),
    taxpayerType: keep(fieldRules.taxpayerType, input.taxpayerType),
    foreignIdType: keep(fieldRules.foreignIdType, input.foreignIdType),
    foreignCountry: keep(fieldRules.foreignCountry, input.foreignCountry),
  }

  const identity: CustomerIdentity = {
    type: value.identificationType,
    number: value.identification,
    checkDigits: value.checkDigits,
    taxpayerType: value.taxpayerType,
    foreignIdType: value.foreignIdType,
    country: value.foreignCountry,
  }
  const issues: ValidationIssue[] = rules.validateCustomer
    ? rules.validateCustomer(identity, { prefix: 'buyer' })
    : rules.validateIdentification(value.identificationType, value.identification)

  const toProblem = (issue: ValidationIssue): FieldProblem => ({
    field: ISSUE_FIELDS[issue.field.replace(/^buyer\./, '')] ?? 'identification',
    code: issue.code,
    message: text(issue.message, locale),
  })
  return {
    value,
    errors: issues.filter((issue) => issue.severity === 'error').map(toProblem),
    warnings: issues.filter((issue) => issue.severity === 'warning').map(toProblem),
  }
}
