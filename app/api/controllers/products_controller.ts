import type { HttpContext } from '@adonisjs/core/http'
import Product from '#catalog/models/product'
import CreateProduct from '#catalog/actions/create_product'
import UpdateProduct from '#catalog/actions/update_product'
import UpsertProduct from '#catalog/actions/upsert_product'
import SetRecordActive from '#catalog/actions/set_record_active'
import { productValidator } from '#catalog/validators'
import { validateCatalog } from '#catalog/http'
import { productListQuery } from '#catalog/queries'
import { toProductDto } from '#catalog/dtos/product_dto'
import { findDuplicateProduct } from '#catalog/product_attributes'
import { cursorPage } from '#api/pagination'

/** The company's products over the API: the same validator, rules and actions as the pages. */
export default class ApiProductsController {
  async index({ request }: HttpContext) {
    const qs = request.qs()
    const status = qs.status === 'inactive' || qs.status === 'all' ? qs.status : 'active'
    const q = typeof qs.q === 'string' ? qs.q.trim().slice(0, 100) : ''
    const { rows, nextCursor } = await cursorPage(productListQuery({ q, status }), qs)
    return { data: rows.map(toProductDto), nextCursor }
  }

  async show({ params }: HttpContext) {
    return { data: toProductDto(await Product.findOrFail(params.id)) }
  }

  async store(ctx: HttpContext) {
    const input = await validateCatalog(ctx, productValidator)
    const product = await new CreateProduct().handle(input, { i18n: ctx.i18n, actor: ctx })
    return ctx.response.status(201).send({ data: toProductDto(product) })
  }

  /** Create or update by code. */
  async upsert(ctx: HttpContext) {
    const code = ctx.request.input('code')
    const current = typeof code === 'string' ? await findDuplicateProduct(code.trim()) : null
    const input = await validateCatalog(ctx, productValidator, {
      currentTaxCategory: current?.taxCategory,
    })
    const { product, created } = await new UpsertProduct().handle(input, {
      i18n: ctx.i18n,
      actor: ctx,
    })
    return ctx.response.status(created ? 201 : 200).send({ data: toProductDto(product), created })
  }

  async update(ctx: HttpContext) {
    const product = await Product.findOrFail(ctx.params.id)
    const input = await validateCatalog(ctx, productValidator, {
      currentTaxCategory: product.taxCategory,
    })
    await new UpdateProduct().handle(product, input, { i18n: ctx.i18n, actor: ctx })
    return { data: toProductDto(product) }
  }

  /** Products are never deleted (document lines keep pointing at them): deactivated. */
  async destroy(ctx: HttpContext) {
    const product = await Product.findOrFail(ctx.params.id)
    await new SetRecordActive().handle(product, false, 'product', ctx)
    return { data: toProductDto(product) }
  }
}
