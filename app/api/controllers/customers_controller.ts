import type { HttpContext } from '@adonisjs/core/http'
import Customer from '#catalog/models/customer'
import CreateCustomer from '#catalog/actions/create_customer'
import UpdateCustomer from '#catalog/actions/update_customer'
import UpsertCustomer from '#catalog/actions/upsert_customer'
import SetRecordActive from '#catalog/actions/set_record_active'
import { customerValidator } from '#catalog/validators'
import { validateCatalog } from '#catalog/http'
import { customerListQuery } from '#catalog/queries'
import { toCustomerDto } from '#catalog/dtos/customer_dto'
import { cursorPage } from '#api/pagination'

/** The company's customers over the API: the same validator, rules and actions as the pages. */
export default class ApiCustomersController {
  async index({ request }: HttpContext) {
    const qs = request.qs()
    const status = qs.status === 'inactive' || qs.status === 'all' ? qs.status : 'active'
    const q = typeof qs.q === 'string' ? qs.q.trim().slice(0, 100) : ''
    const { rows, nextCursor } = await cursorPage(customerListQuery({ q, status }), qs)
    return { data: rows.map(toCustomerDto), nextCursor }
  }

  async show({ params }: HttpContext) {
    return { data: toCustomerDto(await Customer.findOrFail(params.id)) }
  }

  async store(ctx: HttpContext) {
    const input = await validateCatalog(ctx, customerValidator)
    const { customer, warnings } = await new CreateCustomer().handle(input, {
      country: ctx.tenant!.country,
      i18n: ctx.i18n,
      actor: ctx,
    })
    return ctx.response.status(201).send({ data: toCustomerDto(customer), warnings })
  }

  /** Create or update by identification (type and number). */
  async upsert(ctx: HttpContext) {
    const input = await validateCatalog(ctx, customerValidator)
    const { customer, warnings, created } = await new UpsertCustomer().handle(input, {
      country: ctx.tenant!.country,
      i18n: ctx.i18n,
      actor: ctx,
    })
    return ctx.response
      .status(created ? 201 : 200)
      .send({ data: toCustomerDto(customer), warnings, created })
  }

  async update(ctx: HttpContext) {
    const customer = await Customer.findOrFail(ctx.params.id)
    const input = await validateCatalog(ctx, customerValidator)
    const { warnings } = await new UpdateCustomer().handle(customer, input, {
      country: ctx.tenant!.country,
      i18n: ctx.i18n,
      actor: ctx,
    })
    return { data: toCustomerDto(customer), warnings }
  }

  /** Customers are never deleted (documents keep pointing at them): deactivated. */
  async destroy(ctx: HttpContext) {
    const customer = await Customer.findOrFail(ctx.params.id)
    await new SetRecordActive().handle(customer, false, 'customer', ctx)
    return { data: toCustomerDto(customer) }
  }
}
