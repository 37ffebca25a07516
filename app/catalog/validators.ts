import vine from '@vinejs/vine'
import { recordId } from '#core/record_id'
import type { FieldContext } from '@vinejs/vine/types'
import {
  emissionPointCodeFormat,
  establishmentCodeFormat,
  findTaxCategory,
  matchesFormat,
  rulesFor,
  text,
} from '#catalog/country_rules'
import { parseDecimal, type DecimalRules } from '#catalog/decimal'
import { xmlText } from '#core/xml_text_rule'

/**
 * Catalog validators. Country-dependent rules read `meta.country` (the
 * tenant's) and `meta.locale`; controllers pass both:
 * `request.validateUsing(productValidator, { meta: catalogMeta(ctx), messagesProvider })`.
 */
export interface CatalogMeta {
  country: string
  locale: string
  /** On edit: the product's current tax category, kept even if now historic. */
  currentTaxCategory?: string
}

const decimal = vine.createRule((value: unknown, options: DecimalRules, field: FieldContext) => {
  if (typeof value !== 'string') return
  const result = parseDecimal(value, options)
  if (!result.ok) {
    field.report('The {{ field }} is not a valid amount', `decimal_${result.problem}`, field, {
      decimals: options.maxDecimals ?? 6,
      digits: options.maxIntegerDigits ?? 12,
    })
    return
  }
  field.mutate(result.value, field)
})

/** An active VAT category of the tenant's country (or the one the product already has). */
const countryTaxCategory = vine.createRule((value: unknown, _options: undefined, field) => {
  if (typeof value !== 'string') return
  const meta = field.meta as CatalogMeta
  const category = findTaxCategory(rulesFor(meta.country), value)
  if (!category || (!category.active && category.code !== meta.currentTaxCategory)) {
    field.report('Choose a tax category from the list', 'tax_category', field)
  }
})

/** Establishment or emission point code in the country's format. */
const countryCode = vine.createRule(
  (value: unknown, options: { kind: 'establishment' | 'emission_point' }, field) => {
    if (typeof value !== 'string') return
    const meta = field.meta as CatalogMeta
    const rules = rulesFor(meta.country)
    const format =
      options.kind === 'establishment'
        ? establishmentCodeFormat(rules)
        : emissionPointCodeFormat(rules)
    if (!matchesFormat(format, value)) {
      // The country's own hint ("4 dígitos: 0000 casa matriz…") is the message.
      field.report(text(format.hint, meta.locale), `${options.kind}_code`, field)
    }
  }
)

/**
 * E-mails separated by commas, semicolons or spaces, checked one by one;
 * the value becomes the list of addresses.
 */
const emailList = vine.createRule((value: unknown, _options: undefined, field) => {
  if (typeof value !== 'string') return
  const emails = value
    .split(/[\s,;]+/)
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean)
  const invalid = emails.find((email) => !vine.helpers.isEmail(email) || email.length > 254)
  if (invalid) {
    field.report('{{ email }} is not a valid e-mail', 'email_list', field, { email: invalid })
    return
  }
  if (emails.length > 10) {
    field.report('At most 10 e-mails', 'email_list_max', field, { max: 10 })
    return
  }
  field.mutate([...new Set(emails)], field)
})

const customerSchema = vine.object({
  identificationType: vine.string().trim().maxLength(4),
  identification: vine.string().trim().maxLength(50).use(xmlText()).optional(),
  checkDigits: vine.string().trim().maxLength(2).optional(),
  taxpayerType: vine.string().trim().maxLength(2).optional(),
  foreignIdType: vine.string().trim().maxLength(2).optional(),
  foreignCountry: vine.string().trim().maxLength(50).use(xmlText()).optional(),
  // Texts that reach documents (buyer block, infoAdicional) cannot hold what XML refuses.
  legalName: vine.string().trim().minLength(2).maxLength(300).use(xmlText()),
  tradeName: vine.string().trim().maxLength(300).use(xmlText()).optional(),
  address: vine.string().trim().maxLength(300).use(xmlText()).optional(),
  emails: vine.string().trim().maxLength(2000).use(xmlText()).use(emailList()).optional(),
  phone: vine
    .string()
    .trim()
    .maxLength(40)
    .regex(/^[0-9+()\-.\s#extEXT]+$/)
    .optional(),
  notes: vine.string().trim().maxLength(2000).optional(),
})

/**
 * A customer's data. The identification itself is checked afterwards with
 * the country rules (`checkCustomerIdentity`), which need the whole set of
 * identification fields at once.
 */
export const customerValidator = vine.compile(customerSchema)

export type CustomerInput = Awaited<ReturnType<typeof customerValidator.validate>>

const productSchema = vine.object({
  code: vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(25)
    .regex(/^[\p{L}\p{N}._\-/]+$/u),
  description: vine.string().trim().minLength(1).maxLength(300).use(xmlText()),
  unit: vine.string().trim().maxLength(20).use(xmlText()).optional(),
  unitPrice: vine
    .string()
    .trim()
    .use(decimal({ maxDecimals: 6, maxIntegerDigits: 12 })),
  taxCategory: vine.string().trim().maxLength(32).use(countryTaxCategory()),
  trackStock: vine.boolean().optional(),
  stock: vine
    .string()
    .trim()
    .use(decimal({ maxDecimals: 6, maxIntegerDigits: 12, allowNegative: true }))
    .optional(),
})

export const productValidator = vine.compile(productSchema)

export type ProductInput = Awaited<ReturnType<typeof productValidator.validate>>

export const establishmentValidator = vine.compile(
  vine.object({
    code: vine
      .string()
      .trim()
      .use(countryCode({ kind: 'establishment' })),
    name: vine.string().trim().maxLength(120).use(xmlText()).optional(),
    // dirEstablecimiento of the documents issued there.
    address: vine.string().trim().minLength(5).maxLength(300).use(xmlText()),
  })
)

export const emissionPointValidator = vine.compile(
  vine.object({
    code: vine
      .string()
      .trim()
      .use(countryCode({ kind: 'emission_point' })),
    description: vine.string().trim().maxLength(120).optional(),
  })
)

export const nextNumberValidator = vine.compile(
  vine.object({
    documentType: vine.enum(['invoice', 'credit_note'] as const),
    environment: vine.enum(['test', 'production'] as const),
    // SRI's secuencial has 9 digits, HKA's numeroDocumentoFiscal 10.
    nextNumber: vine.number().withoutDecimals().min(1).max(9_999_999_999),
  })
)

export const memberDefaultValidator = vine.compile(
  vine.object({
    emissionPointId: recordId().nullable(),
  })
)

export const importUploadValidator = vine.compile(
  vine.object({
    kind: vine.enum(['customers', 'products'] as const),
    encoding: vine.enum(['utf-8', 'windows-1252'] as const).optional(),
    file: vine.file({ size: '10mb', extnames: ['csv', 'txt'] }),
  })
)

export const importMappingValidator = vine.compile(
  vine.object({
    mapping: vine.record(vine.number().withoutDecimals().min(-1).max(1000)),
  })
)
