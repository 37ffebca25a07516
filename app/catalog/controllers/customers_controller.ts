import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import Customer from '#catalog/models/customer'
import CreateCustomer from '#catalog/actions/create_customer'
import UpdateCustomer from '#catalog/actions/update_customer'
import SetRecordActive from '#catalog/actions/set_record_active'
import { customerValidator } from '#catalog/validators'
import { toCustomerChoice, toCustomerDto } from '#catalog/dtos/customer_dto'
import { customerAttributes, findDuplicateCustomer } from '#catalog/customer_attributes'
import { customerOptions } from '#catalog/dtos/country_options_dto'
import { rulesFor } from '#catalog/country_rules'
import { customerListQuery } from '#catalog/queries'
import { importFields } from '#catalog/imports/fields'
import { csvExport, customerColumns, xlsxExport } from '#catalog/exports/list_export'
import LookupCustomerTaxpayer from '#catalog/actions/lookup_customer_taxpayer'
import { taxpayerQueryValidator } from '#core/taxpayer_lookup'
import { hasPermission } from '#accounts/abilities'
import {
  CSV_TYPE,
  PAGE_SIZE,
  XLSX_TYPE,
  downloadAs,
  listFilters,
  paginationDto,
  validateCatalog,
} from '#catalog/http'

/**
 * Customers of the current company. Every lookup runs in the tenant
 * context, so another company's id is simply not found (404).
 */
export default class CustomersController {
  async index({ inertia, request, tenant, i18n }: HttpContext) {
    const filters = listFilters(request.qs())
    const page = await customerListQuery(filters).paginate(filters.page, PAGE_SIZE)
    return inertia.render('catalog/customers/index', {
      customers: page.all().map(toCustomerDto),
      pagination: paginationDto(page.getMeta()),
      filters: { q: filters.q, status: filters.status },
      options: customerOptions(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async create({ inertia, tenant, i18n }: HttpContext) {
    return inertia.render('catalog/customers/create', {
      options: customerOptions(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async store(ctx: HttpContext) {
    const { session, response, i18n, tenant } = ctx
    const input = await validateCatalog(ctx, customerValidator)
    const { customer, warnings } = await new CreateCustomer().handle(input, {
      country: tenant!.country,
      i18n,
      actor: ctx,
    })
    session.flash(
      'success',
      [i18n.t('catalog.customers.created', { name: customer.legalName }), ...warnings].join(' ')
    )
    return response.redirect().toRoute('app.customers.index')
  }

  /**
   * The invoice form's "new customer" dialog (JSON). 201 with the customer;
   * 409 with the customer of this company that already has the
   * identification, so the form can pick it instead; 422 with messages per
   * field, like the full form.
   */
  async quickStore(ctx: HttpContext) {
    const { response, i18n, tenant } = ctx
    const input = await validateCatalog(ctx, customerValidator)
    const { attributes } = customerAttributes(input, tenant!.country, i18n)
    const existing = await findDuplicateCustomer(attributes)
    if (existing) {
      return response.status(409).send({
        existing: toCustomerChoice(existing),
        message: i18n.t(
          existing.isActive
            ? 'catalog.customers.errors.duplicate_pick'
            : 'catalog.customers.errors.duplicate_inactive',
          { name: existing.legalName }
        ),
      })
    }
    const { customer, warnings } = await new CreateCustomer().handle(input, {
      country: tenant!.country,
      i18n,
      actor: ctx,
    })
    return response.status(201).send({ customer: toCustomerChoice(customer), warnings })
  }

  /**
   * The form's "look up" button (JSON): what the authority knows of the
   * tax id typed, with this company's credentials. Always 200 with a
   * status and a message (found, invalid, not found, unreachable,
   * credentials missing); 422 only for a request without a tax id.
   */
  async lookupTaxpayer(ctx: HttpContext) {
    const { request, tenant, i18n, bouncer } = ctx
    const query = await request.validateUsing(taxpayerQueryValidator)
    return new LookupCustomerTaxpayer().handle(tenant!, query, {
      i18n,
      mayLoadCredentials: await bouncer.allows(hasPermission, 'certificates.upload'),
    })
  }

  async edit({ inertia, params, tenant, i18n }: HttpContext) {
    const customer = await Customer.findOrFail(params.id)
    return inertia.render('catalog/customers/edit', {
      customer: toCustomerDto(customer),
      options: customerOptions(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async update(ctx: HttpContext) {
    const { params, session, response, i18n, tenant } = ctx
    const customer = await Customer.findOrFail(params.id)
    const input = await validateCatalog(ctx, customerValidator)
    const { warnings } = await new UpdateCustomer().handle(customer, input, {
      country: tenant!.country,
      i18n,
      actor: ctx,
    })
    session.flash(
      'success',
      [i18n.t('catalog.customers.updated', { name: customer.legalName }), ...warnings].join(' ')
    )
    return response.redirect().toRoute('app.customers.index')
  }

  async deactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const customer = await new SetRecordActive().handle(
      await Customer.findOrFail(params.id),
      false,
      'customer',
      ctx
    )
    session.flash('success', i18n.t('catalog.customers.deactivated', { name: customer.legalName }))
    return response.redirect().back()
  }

  async reactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const customer = await new SetRecordActive().handle(
      await Customer.findOrFail(params.id),
      true,
      'customer',
      ctx
    )
    session.flash('success', i18n.t('catalog.customers.reactivated', { name: customer.legalName }))
    return response.redirect().back()
  }

  async export(ctx: HttpContext) {
    const { params, request, response, tenant, i18n } = ctx
    const filters = listFilters(request.qs())
    const rules = rulesFor(tenant!.country)
    const columns = customerColumns(
      i18n,
      importFields('customers', rules).map((field) => field.key)
    )
    const name = `${i18n.t('catalog.customers.file_name')}-${tenant!.slug}`
    const query = () => customerListQuery(filters)
    // Data leaving the application: who took which list, in which format.
    await audit.record(ctx, 'customer.exported', {
      entity: 'customer',
      after: { format: params.format, q: filters.q, status: filters.status },
    })
    if (params.format === 'xlsx') {
      downloadAs(ctx, `${name}.xlsx`, XLSX_TYPE)
      return response.stream(xlsxExport(i18n, i18n.t('catalog.customers.title'), columns, query))
    }
    downloadAs(ctx, `${name}.csv`, CSV_TYPE)
    return response.stream(csvExport(i18n, columns, query))
  }
}
