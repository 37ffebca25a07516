import type { I18n } from '@adonisjs/i18n'
import type Product from '#catalog/models/product'
import type { ProductInput } from '#catalog/validators'
import {
  duplicateProductError,
  findDuplicateProduct,
  productAttributes,
} from '#catalog/product_attributes'
import { isUniqueViolation } from '#catalog/customer_attributes'

/** Saves a product's new data; a changed code must still be unique. */
export default class UpdateProduct {
  async handle(product: Product, input: ProductInput, options: { i18n: I18n }) {
    const attributes = productAttributes(input, product)
    const existing = await findDuplicateProduct(attributes.code, product.id)
    if (existing) throw duplicateProductError(options.i18n, existing)
    product.merge(attributes)
    try {
      await product.save()
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_unique')) {
        throw duplicateProductError(options.i18n, attributes)
      }
      throw error
    }
    return product
  }
}
