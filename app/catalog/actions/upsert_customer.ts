import type { I18n } from '@adonisjs/i18n'
import type { HttpContext } from '@adonisjs/core/http'
import type { AuditActor } from '#accounts/audit/audit_service'
import type { CustomerInput } from '#catalog/validators'
import { customerAttributes, findDuplicateCustomer } from '#catalog/customer_attributes'
import CreateCustomer from '#catalog/actions/create_customer'
import UpdateCustomer from '#catalog/actions/update_customer'

/**
 * Creates the customer, or updates the company's customer that already
 * has this identification (the same one the duplicate check finds), so a
 * system that syncs its customers can send each one without knowing our id.
 */
export default class UpsertCustomer {
  async handle(
    input: CustomerInput,
    options: { country: string; i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    const { attributes } = customerAttributes(input, options.country, options.i18n)
    const existing = await findDuplicateCustomer(attributes)
    if (!existing) return { ...(await new CreateCustomer().handle(input, options)), created: true }
    return { ...(await new UpdateCustomer().handle(existing, input, options)), created: false }
  }
}
