import type { I18n } from '@adonisjs/i18n'
import Product from '#catalog/models/product'
import { audit, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type { ProductInput } from '#catalog/validators'
import {
  duplicateProductError,
  findDuplicateProduct,
  productAttributes,
} from '#catalog/product_attributes'
import { isUniqueViolation } from '#catalog/customer_attributes'

/** Creates a product or service (audited); its code must be new in the company. */
export default class CreateProduct {
  async handle(input: ProductInput, options: { i18n: I18n; actor: HttpContext | AuditActor }) {
    const attributes = productAttributes(input)
    const existing = await findDuplicateProduct(attributes.code)
    if (existing) throw duplicateProductError(options.i18n, existing)
    try {
      return await audit.transaction(options.actor, async (trx, record) => {
        const created = await Product.create({ ...attributes, isActive: true }, { client: trx })
        await created.refresh()
        await record('product.created', {
          entity: 'product',
          entityId: created.id,
          after: auditFields(created),
        })
        return created
      })
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_unique')) {
        throw duplicateProductError(options.i18n, attributes)
      }
      throw error
    }
  }
}
