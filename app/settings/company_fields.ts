/*
|--------------------------------------------------------------------------
| The country's own company settings
|--------------------------------------------------------------------------
|
| Each adapter declares its fields (`profile.companyFields`); this module
| turns the declaration into a Vine schema (compiled once per country),
| into what the page renders, and into the IssuerIdentity members the
| adapter reads when it builds and prints. It never names a country.
|
*/
import vine from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { CompanyField } from '#adapters/core/types'
import { companyFieldsOf, type CountrySettings } from '#tenancy/country_settings'
import { xmlText } from '#core/xml_text_rule'

function fieldSchema(field: CompanyField) {
  if (field.kind === 'boolean') return vine.boolean().optional()
  if (field.kind === 'select') {
    const codes = (field.options ?? []).map((option) => option.code)
    return field.required ? vine.enum(codes) : vine.enum(codes).optional()
  }
  let text = vine.string().trim().use(xmlText())
  if (field.maxLength) text = text.maxLength(field.maxLength)
  if (field.pattern) text = text.regex(new RegExp(field.pattern.source))
  return field.required ? text : text.optional()
}

const SCALARS = {
  legalName: vine.string().trim().minLength(2).maxLength(300).use(xmlText()),
  tradeName: vine.string().trim().maxLength(300).use(xmlText()).optional(),
  taxId: vine.string().trim().minLength(5).maxLength(30).optional(),
  taxIdDv: vine.string().trim().maxLength(2).optional(),
  address: vine.string().trim().minLength(3).maxLength(300).use(xmlText()),
  contactEmail: vine.string().trim().maxLength(254).email().optional(),
  contactPhone: vine
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/)
    .optional(),
}

function companySchema(fields: CompanyField[]) {
  return vine.object({
    ...SCALARS,
    countryFields: vine
      .object(Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field)])))
      .optional(),
  })
}

const compiled = new Map<string, ReturnType<typeof compileFor>>()

function compileFor(fields: CompanyField[]) {
  return vine.compile(companySchema(fields))
}

/** The company settings form's validator for a country, compiled on first use. */
export function companySettingsValidator(country: string) {
  let validator = compiled.get(country)
  if (!validator) {
    validator = compileFor(companyFieldsOf(country))
    compiled.set(country, validator)
  }
  return validator
}

/** What the form sent for the country's fields, in the stored shape (unchecked boxes are false, empty texts absent). */
export function countrySettingsFrom(
  fields: CompanyField[],
  values: Record<string, unknown> | undefined
): CountrySettings {
  const settings: CountrySettings = {}
  for (const field of fields) {
    const value = values?.[field.key]
    if (field.kind === 'boolean') settings[field.key] = value === true
    else if (typeof value === 'string' && value !== '') settings[field.key] = value
  }
  return settings
}

/**
 * Messages of the company settings form: fields named by their label
 * (`settings.company.fields.*`, or the adapter's label for the country's
 * fields), rules from `validator.shared.messages`, and a country field's
 * pattern explained in the adapter's words.
 */
export class CompanySettingsMessages implements MessagesProviderContact {
  #labels: Map<string, CompanyField>

  constructor(
    private i18n: I18n,
    country: string
  ) {
    this.#labels = new Map(companyFieldsOf(country).map((field) => [field.key, field]))
  }

  #lang() {
    return this.i18n.locale === 'en' ? 'en' : 'es'
  }

  #countryField(field: FieldContext) {
    const path = String(field.wildCardPath)
    return path.startsWith('countryFields.')
      ? this.#labels.get(path.slice('countryFields.'.length))
      : undefined
  }

  #fieldName(field: FieldContext) {
    const declared = this.#countryField(field)
    if (declared) return declared.label[this.#lang()]
    const key = `settings.company.fields.${String(field.name)}`
    return this.i18n.resolveIdentifier(key) ? this.i18n.t(key) : String(field.name)
  }

  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    meta?: Record<string, any>
  ): string {
    const data = { ...meta, field: this.#fieldName(field) }
    const declared = this.#countryField(field)
    if (declared?.pattern && rule === 'regex') {
      return this.i18n.t('settings.company.errors.pattern', {
        field: data.field,
        rule: declared.pattern.message[this.#lang()],
      })
    }
    for (const key of [
      `settings.company.errors.${field.wildCardPath}.${rule}`,
      `validator.shared.messages.${rule}`,
    ]) {
      const message = this.i18n.resolveIdentifier(key)?.message
      if (message) return this.i18n.formatRawMessage(message, data)
    }
    return defaultMessage.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in data ? String(data[name as keyof typeof data]) : whole
    )
  }
}
