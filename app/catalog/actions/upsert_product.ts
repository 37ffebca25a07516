import type { I18n } from '@adonisjs/i18n'
import type { HttpContext } from '@adonisjs/core/http'
import type { AuditActor } from '#accounts/audit/audit_service'
import type { ProductInput } from '#catalog/validators'
import { findDuplicateProduct } from '#catalog/product_attributes'
import CreateProduct from '#catalog/actions/create_product'
import UpdateProduct from '#catalog/actions/update_product'

/** Creates the product, or updates the company's product with the same code. */
export default class UpsertProduct {
  async handle(input: ProductInput, options: { i18n: I18n; actor: HttpContext | AuditActor }) {
    const existing = await findDuplicateProduct(input.code)
    if (!existing)
      return { product: await new CreateProduct().handle(input, options), created: true }
    return { product: await new UpdateProduct().handle(existing, input, options), created: false }
  }
}
