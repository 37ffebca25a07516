import type { I18n } from '@adonisjs/i18n'
import type Product from '#catalog/models/product'
import { audit, auditChanges, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type { ProductInput } from '#catalog/validators'
import {
  duplicateProductError,
  findDuplicateProduct,
  productAttributes,
} from '#catalog/product_attributes'
import { isUniqueViolation } from '#catalog/customer_attributes'

/** Saves a product's new data (audited); a changed code must still be unique. */
export default class UpdateProduct {
  async handle(
    product: Product,
    input: ProductInput,
    options: { i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    const attributes = productAttributes(input, product)
    const existing = await findDuplicateProduct(attributes.code, product.id)
    if (existing) throw duplicateProductError(options.i18n, existing)
    const before = auditFields(product)
    product.merge(attributes)
    try {
      await audit.transaction(options.actor, async (trx, record) => {
        product.useTransaction(trx)
        await product.save()
        // Compared as stored (numeric(18,6) reads back as 2.000000, not 2).
        await product.refresh()
        const changes = auditChanges(before, auditFields(product))
        if (changes) {
          await record('product.updated', { entity: 'product', entityId: product.id, ...changes })
        }
      })
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_unique')) {
        throw duplicateProductError(options.i18n, attributes)
      }
      throw error
    }
    return product
  }
}
