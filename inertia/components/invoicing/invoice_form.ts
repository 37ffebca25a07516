import type { InferPageProps } from '@adonisjs/inertia/types'
import type DocumentsController from '#documents/controllers/documents_controller'
// The same decimal arithmetic as the server (a pure module, no server imports).
import { isPositive, lineGross, notAbove } from '#documents/totals'

/**
 * The invoice form's props as the documents controller renders them (a new
 * invoice, or a draft with `draft`), and the rows its parts edit.
 */
export type InvoiceFormProps = InferPageProps<DocumentsController, 'edit'>
export type InvoiceDraft = InvoiceFormProps['draft']
export type InvoicePrefill = InferPageProps<DocumentsController, 'duplicate'>['prefill']
export type CopiedFrom = InferPageProps<DocumentsController, 'duplicate'>['copiedFrom']
export type EditableLine = InvoiceDraft['lines'][number]
export type PaymentRow = InvoiceDraft['payments'][number]
export type AdditionalInfoRow = InvoiceDraft['additionalInfo'][number]
export type ProductChoice = InvoiceFormProps['products'][number]
export type TaxCategoryChoice = InvoiceFormProps['taxCategories'][number]
export type PaymentMethodChoice = InvoiceFormProps['paymentMethods'][number]
export type EstablishmentChoice = InvoiceFormProps['establishments'][number]
export type TextLimits = InvoiceFormProps['textLimits']

/** Inertia's form errors, keyed by field path (`lines.0.quantity`). */
export type FieldErrors = Partial<Record<string, string>>

/** A blank line, taxed with the company's default category. */
export function emptyLine(taxCategory: string): EditableLine {
  return {
    productId: null,
    code: '',
    description: '',
    quantity: '1',
    unitPrice: '',
    discount: '0',
    taxCategory,
  }
}

/** The id of a field's input, from its path: `lines.0.quantity` → `field-lines-0-quantity`. */
export function fieldId(path: string) {
  return `field-${path.replace(/\./g, '-')}`
}

/** The id of the message under a field (its input's aria-describedby). */
export function errorId(path: string) {
  return `${fieldId(path)}-error`
}

/**
 * The attributes that tie an input to its message: `aria-invalid` and
 * `aria-describedby` while it has one (plus any help or counter text).
 */
export function errorAttrs(path: string, errors: FieldErrors, describedBy: string[] = []) {
  const invalid = Boolean(errors[path])
  const ids = [...describedBy, ...(invalid ? [errorId(path)] : [])]
  return {
    'id': fieldId(path),
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': ids.length ? ids.join(' ') : undefined,
  }
}

/** Same shape as the server's amounts (validators.ts): up to 12 digits and `decimals` decimals. */
function isAmount(value: string, decimals: number) {
  return new RegExp(`^\\d{1,12}([.,]\\d{1,${decimals}})?$`).test(value.trim())
}

/** The largest amount a line or a document stores (numeric(14,2)). */
const MAX_AMOUNT = '999999999999.99'

/**
 * What is wrong with a line before it is sent, as translation keys by field:
 * a quantity that is not above zero, a price or discount that is not a
 * number, a discount above quantity × price, a line beyond what a document
 * can store. The live totals use these lines too, so whenever they would
 * show a negative or absurd amount the field that causes it says why.
 * Empty fields are left to `required` (reported when the form is sent).
 */
export function lineProblems(line: EditableLine): Partial<Record<keyof EditableLine, string>> {
  const problems: Partial<Record<keyof EditableLine, string>> = {}
  const quantity = String(line.quantity ?? '').trim()
  const price = String(line.unitPrice ?? '').trim()
  const discount = String(line.discount ?? '').trim()
  if (quantity && !isAmount(quantity, 6))
    problems.quantity = 'invoicing.form.errors.quantity_format'
  else if (quantity && !isPositive(quantity.replace(',', '.')))
    problems.quantity = 'invoicing.form.errors.quantity_positive'
  if (price && !isAmount(price, 6)) problems.unitPrice = 'invoicing.form.errors.price_format'
  if (discount && !isAmount(discount, 2))
    problems.discount = 'invoicing.form.errors.discount_format'
  if (problems.quantity || problems.unitPrice || problems.discount) return problems
  const gross = lineGross(quantity || 0, price || 0)
  if (discount && !notAbove(discount.replace(',', '.'), gross)) {
    problems.discount = 'invoicing.form.errors.discount_over_line'
  } else if (!notAbove(gross, MAX_AMOUNT)) {
    problems.quantity = 'invoicing.form.errors.line_too_large'
  }
  return problems
}

/**
 * A price as the catalog has it, without the zeros its column pads it with:
 * "120.000000" → "120.00", "0.125000" → "0.125" (never fewer than 2 decimals).
 */
export function priceText(value: string | number) {
  const text = String(value ?? '')
  const match = /^(-?\d+)(?:[.,](\d*))?$/.exec(text.trim())
  if (!match) return text
  const decimals = (match[2] ?? '').replace(/0+$/, '')
  return `${match[1]}.${decimals.padEnd(2, '0')}`
}

/** Labels of the fields a message can be about (the last part of its path). */
const FIELD_LABELS: Record<string, string> = {
  customerId: 'invoicing.form.customer',
  establishmentId: 'invoicing.form.establishment',
  emissionPointId: 'invoicing.form.point',
  code: 'invoicing.form.code',
  productId: 'invoicing.form.code',
  description: 'invoicing.form.description',
  quantity: 'invoicing.form.quantity',
  unitPrice: 'invoicing.form.price',
  discount: 'invoicing.form.discount',
  taxCategory: 'invoicing.form.tax',
  method: 'invoicing.form.payment_method',
  amount: 'invoicing.form.amount',
  term: 'invoicing.form.term',
  name: 'invoicing.form.name',
  value: 'invoicing.form.value',
  lines: 'invoicing.form.lines',
  payments: 'invoicing.form.payments',
  additionalInfo: 'invoicing.form.additional',
  issuer: 'invoicing.form.issuer',
}

/**
 * What a message is about, in words: "Línea 2 · Cantidad" for
 * `lines.1.quantity`, "Cliente" for `customerId` (message summaries, the
 * detail page's "cannot be issued" list).
 */
export function fieldLabel(
  path: string,
  t: (key: string, data?: Record<string, unknown>) => string
) {
  const parts = path.split('.')
  const key =
    FIELD_LABELS[parts[parts.length - 1]] ?? FIELD_LABELS[parts[0]] ?? 'invoicing.form.other'
  const field = t(key)
  if (parts.length < 3) return field
  const number = Number(parts[1]) + 1
  const group =
    parts[0] === 'lines'
      ? t('invoicing.form.line_label', { number })
      : parts[0] === 'payments'
        ? t('invoicing.form.payment_label', { number })
        : t('invoicing.form.info_label', { number })
  return `${group} · ${field}`
}
