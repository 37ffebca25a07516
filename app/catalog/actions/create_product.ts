import type { I18n } from '@adonisjs/i18n'
import Product from '#catalog/models/product'
import type { ProductInput } from '#catalog/validators'
import {
  duplicateProductError,
  findDuplicateProduct,
  productAttributes,
} from '#catalog/product_attributes'
import { isUniqueViolation } from '#catalog/customer_attributes'

/** Creates a product or service; its code must be new in the company. */
export default class CreateProduct {
  async handle(input: ProductInput, options: { i18n: I18n }) {
    const attributes = productAttributes(input)
    const existing = await findDuplicateProduct(attributes.code)
    if (existing) throw duplicateProductError(options.i18n, existing)
    try {
      return await Product.create({ ...attributes, isActive: true })
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_unique')) {
        throw duplicateProductError(options.i18n, attributes)
      }
      throw error
    }
  }
}
