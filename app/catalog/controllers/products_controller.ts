import { shownCurrency } from '#core/country_words'
import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import Product from '#catalog/models/product'
import CreateProduct from '#catalog/actions/create_product'
import UpdateProduct from '#catalog/actions/update_product'
import SetRecordActive from '#catalog/actions/set_record_active'
import { productValidator } from '#catalog/validators'
import { toProductDto } from '#catalog/dtos/product_dto'
import { taxCategoryOptions } from '#catalog/dtos/country_options_dto'
import { rulesFor } from '#catalog/country_rules'
import { productListQuery } from '#catalog/queries'
import { csvExport, productColumns, xlsxExport } from '#catalog/exports/list_export'
import {
  CSV_TYPE,
  PAGE_SIZE,
  XLSX_TYPE,
  downloadAs,
  listFilters,
  paginationDto,
  validateCatalog,
} from '#catalog/http'

/** Products and services of the current company (tenant-scoped, 404 across companies). */
export default class ProductsController {
  async index({ inertia, request, tenant, i18n }: HttpContext) {
    const filters = listFilters(request.qs())
    const page = await productListQuery(filters).paginate(filters.page, PAGE_SIZE)
    return inertia.render('catalog/products/index', {
      products: page.all().map(toProductDto),
      pagination: paginationDto(page.getMeta()),
      filters: { q: filters.q, status: filters.status },
      taxCategories: taxCategoryOptions(rulesFor(tenant!.country), i18n.locale),
      // The code of the currency prices are shown in (Panama's dollars as PAB, the balboa).
      currency: shownCurrency(tenant!.country, tenant!.currency),
    })
  }

  async create({ inertia, tenant, i18n }: HttpContext) {
    return inertia.render('catalog/products/create', {
      taxCategories: taxCategoryOptions(rulesFor(tenant!.country), i18n.locale),
      // The code of the currency prices are shown in (Panama's dollars as PAB, the balboa).
      currency: shownCurrency(tenant!.country, tenant!.currency),
    })
  }

  async store(ctx: HttpContext) {
    const { session, response, i18n } = ctx
    const input = await validateCatalog(ctx, productValidator)
    const product = await new CreateProduct().handle(input, { i18n, actor: ctx })
    session.flash('success', i18n.t('catalog.products.created', { code: product.code }))
    return response.redirect().toRoute('app.products.index')
  }

  async edit({ inertia, params, tenant, i18n }: HttpContext) {
    const product = await Product.findOrFail(params.id)
    return inertia.render('catalog/products/edit', {
      product: toProductDto(product),
      taxCategories: taxCategoryOptions(rulesFor(tenant!.country), i18n.locale),
      // The code of the currency prices are shown in (Panama's dollars as PAB, the balboa).
      currency: shownCurrency(tenant!.country, tenant!.currency),
    })
  }

  async update(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const product = await Product.findOrFail(params.id)
    const input = await validateCatalog(ctx, productValidator, {
      currentTaxCategory: product.taxCategory,
    })
    await new UpdateProduct().handle(product, input, { i18n, actor: ctx })
    session.flash('success', i18n.t('catalog.products.updated', { code: product.code }))
    return response.redirect().toRoute('app.products.index')
  }

  async deactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const product = await new SetRecordActive().handle(
      await Product.findOrFail(params.id),
      false,
      'product',
      ctx
    )
    session.flash('success', i18n.t('catalog.products.deactivated', { code: product.code }))
    return response.redirect().back()
  }

  async reactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const product = await new SetRecordActive().handle(
      await Product.findOrFail(params.id),
      true,
      'product',
      ctx
    )
    session.flash('success', i18n.t('catalog.products.reactivated', { code: product.code }))
    return response.redirect().back()
  }

  async export(ctx: HttpContext) {
    const { params, request, response, tenant, i18n } = ctx
    const filters = listFilters(request.qs())
    const columns = productColumns(i18n)
    const name = `${i18n.t('catalog.products.file_name')}-${tenant!.slug}`
    const query = () => productListQuery(filters)
    // Data leaving the application: who took which list, in which format.
    await audit.record(ctx, 'product.exported', {
      entity: 'product',
      after: { format: params.format, q: filters.q, status: filters.status },
    })
    if (params.format === 'xlsx') {
      downloadAs(ctx, `${name}.xlsx`, XLSX_TYPE)
      return response.stream(xlsxExport(i18n, i18n.t('catalog.products.title'), columns, query))
    }
    downloadAs(ctx, `${name}.csv`, CSV_TYPE)
    return response.stream(csvExport(i18n, columns, query))
  }
}
