import type { I18n } from '@adonisjs/i18n'
import Product from '#catalog/models/product'
import { CatalogValidationException } from '#catalog/errors'
import type { ProductInput } from '#catalog/validators'

export type ProductAttributes = Pick<
  Product,
  'code' | 'description' | 'unit' | 'unitPrice' | 'taxCategory' | 'trackStock' | 'stock'
>

/**
 * The row's attributes from validated input. Stock is kept only when it is
 * tracked; turning tracking on without a figure starts at zero.
 */
export function productAttributes(input: ProductInput, current?: Product): ProductAttributes {
  const trackStock = input.trackStock ?? false
  return {
    code: input.code,
    description: input.description,
    unit: input.unit ?? null,
    unitPrice: input.unitPrice,
    taxCategory: input.taxCategory,
    trackStock,
    stock: trackStock ? (input.stock ?? current?.stock ?? '0') : null,
  }
}

/** The product of this company with the same code (case-insensitive), if any. */
export function findDuplicateProduct(code: string, exceptId?: number) {
  const query = Product.query().whereRaw('lower(code) = lower(?)', [code])
  if (exceptId) query.whereNot('id', exceptId)
  return query.first()
}

export function duplicateProductError(i18n: I18n, existing: { code: string; description: string }) {
  return new CatalogValidationException([
    {
      field: 'code',
      rule: 'duplicate',
      message: i18n.t('catalog.products.errors.duplicate', {
        code: existing.code,
        name: existing.description,
      }),
    },
  ])
}
