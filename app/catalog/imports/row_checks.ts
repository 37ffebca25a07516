/*
|--------------------------------------------------------------------------
| Checking one CSV row
|--------------------------------------------------------------------------
|
| A row goes through exactly what the forms use: the same Vine validator,
| the same country rules, the same attribute builders. Codes and labels a
| spreadsheet may carry ("Cédula", "IVA 15 %", "sí") are resolved first.
|
*/
import type { I18n } from '@adonisjs/i18n'
import { errors as vineErrors } from '@vinejs/vine'
import type { CountryRules } from '#adapters/core/types'
import {
  customerValidator,
  productValidator,
  type CatalogMeta,
  type CustomerInput,
} from '#catalog/validators'
import { catalogMessages } from '#catalog/i18n'
import {
  foreignIdentificationTypes,
  normalizeWord,
  resolveIdentificationType,
  resolveOption,
  resolveTaxCategory,
  taxpayerTypes,
} from '#catalog/country_rules'
import { customerAttributes, type CustomerAttributes } from '#catalog/customer_attributes'
import { productAttributes, type ProductAttributes } from '#catalog/product_attributes'
import { CatalogValidationException } from '#catalog/errors'
import type { ImportRowError } from '#catalog/models/catalog_import'

export interface RowContext {
  rules: CountryRules
  i18n: I18n
  meta: CatalogMeta
}

type Checked<T> = { ok: true; attributes: T } | { ok: false; errors: ImportRowError[] }

/** The mapped cells of a row, blank cells as undefined (like an empty form field). */
export function mappedValues(cells: string[], mapping: Record<string, number>) {
  const values: Record<string, string | undefined> = {}
  for (const [field, index] of Object.entries(mapping)) {
    const cell = cells[index]?.trim()
    values[field] = cell === '' ? undefined : cell
  }
  return values
}

const YES = new Set(['si', 'yes', 'true', '1', 'x', 's', 'y'])
const NO = new Set(['no', 'false', '0', 'n'])

async function validate<T>(
  run: () => Promise<T>,
  line: number
): Promise<{ ok: true; value: T } | { ok: false; errors: ImportRowError[] }> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const messages = error.messages as Array<{ field: string; message: string }>
      return {
        ok: false,
        errors: messages.map((item) => ({ line, field: item.field, message: item.message })),
      }
    }
    if (error instanceof CatalogValidationException) {
      return {
        ok: false,
        errors: error.messages.map((item) => ({ line, field: item.field, message: item.message })),
      }
    }
    throw error
  }
}

export async function checkCustomerRow(
  values: Record<string, string | undefined>,
  line: number,
  context: RowContext
): Promise<Checked<CustomerAttributes>> {
  const { rules, i18n, meta } = context
  const input: Record<string, unknown> = { ...values }
  // "Cédula", "cedula" or "05" all mean the same type.
  if (values.identificationType) {
    input.identificationType =
      resolveIdentificationType(rules, values.identificationType)?.code ?? values.identificationType
  }
  if (values.taxpayerType) {
    input.taxpayerType =
      resolveOption(taxpayerTypes(rules), values.taxpayerType)?.code ?? values.taxpayerType
  }
  if (values.foreignIdType) {
    input.foreignIdType =
      resolveOption(foreignIdentificationTypes(rules), values.foreignIdType)?.code ??
      values.foreignIdType
  }
  const result = await validate(async () => {
    const data: CustomerInput = await customerValidator.validate(input, {
      meta,
      messagesProvider: catalogMessages(i18n),
    })
    return customerAttributes(data, meta.country, i18n).attributes
  }, line)
  return result.ok ? { ok: true, attributes: result.value } : result
}

export async function checkProductRow(
  values: Record<string, string | undefined>,
  line: number,
  context: RowContext
): Promise<Checked<ProductAttributes>> {
  const { rules, i18n, meta } = context
  const input: Record<string, unknown> = { ...values }
  if (values.taxCategory) {
    input.taxCategory = resolveTaxCategory(rules, values.taxCategory)?.code ?? values.taxCategory
  }
  const problems: ImportRowError[] = []
  if (values.trackStock !== undefined) {
    const word = normalizeWord(values.trackStock)
    if (YES.has(word)) input.trackStock = true
    else if (NO.has(word)) input.trackStock = false
    else {
      problems.push({
        line,
        field: 'trackStock',
        message: i18n.t('catalog.imports.errors.yes_no', { value: values.trackStock }),
      })
    }
  } else {
    // A stock figure without the yes/no column means the stock is tracked.
    input.trackStock = values.stock !== undefined
  }
  const result = await validate(
    async () =>
      productAttributes(
        await productValidator.validate(input, { meta, messagesProvider: catalogMessages(i18n) })
      ),
    line
  )
  if (problems.length > 0) {
    return { ok: false, errors: [...problems, ...(result.ok ? [] : result.errors)] }
  }
  return result.ok ? { ok: true, attributes: result.value } : result
}
