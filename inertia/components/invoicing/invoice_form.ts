import type { InferPageProps } from '@adonisjs/inertia/types'
import type DocumentsController from '#documents/controllers/documents_controller'

/**
 * The invoice form's props as the documents controller renders them (a new
 * invoice, or a draft with `draft`), and the rows its parts edit.
 */
export type InvoiceFormProps = InferPageProps<DocumentsController, 'edit'>
export type InvoiceDraft = InvoiceFormProps['draft']
export type EditableLine = InvoiceDraft['lines'][number]
export type PaymentRow = InvoiceDraft['payments'][number]
export type AdditionalInfoRow = InvoiceDraft['additionalInfo'][number]
export type ProductChoice = InvoiceFormProps['products'][number]
export type TaxCategoryChoice = InvoiceFormProps['taxCategories'][number]
export type PaymentMethodChoice = InvoiceFormProps['paymentMethods'][number]
export type EstablishmentChoice = InvoiceFormProps['establishments'][number]

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
