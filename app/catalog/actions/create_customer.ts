import type { I18n } from '@adonisjs/i18n'
import Customer from '#catalog/models/customer'
import { audit, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type { CustomerInput } from '#catalog/validators'
import {
  customerAttributes,
  duplicateCustomerError,
  findDuplicateCustomer,
  isUniqueViolation,
} from '#catalog/customer_attributes'

/**
 * Creates a customer of the current company after the country rules and
 * the duplicate check (same identification and type) accept it; the new
 * row and its audit entry commit together.
 */
export default class CreateCustomer {
  async handle(
    input: CustomerInput,
    options: { country: string; i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    const { attributes, warnings } = customerAttributes(input, options.country, options.i18n)
    const existing = await findDuplicateCustomer(attributes)
    if (existing) throw duplicateCustomerError(options.i18n, existing)
    try {
      const customer = await audit.transaction(options.actor, async (trx, record) => {
        const created = await Customer.create({ ...attributes, isActive: true }, { client: trx })
        await created.refresh()
        await record('customer.created', {
          entity: 'customer',
          entityId: created.id,
          after: auditFields(created),
        })
        return created
      })
      return { customer, warnings }
    } catch (error) {
      // Someone saved the same identification between the check and the insert.
      if (isUniqueViolation(error, 'customers_identification_unique')) {
        throw duplicateCustomerError(options.i18n, { legalName: attributes.legalName })
      }
      throw error
    }
  }
}
