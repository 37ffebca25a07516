import type { I18n } from '@adonisjs/i18n'
import type Customer from '#catalog/models/customer'
import { audit, auditChanges, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type { CustomerInput } from '#catalog/validators'
import {
  customerAttributes,
  duplicateCustomerError,
  findDuplicateCustomer,
  isUniqueViolation,
} from '#catalog/customer_attributes'

/** Saves a customer's new data under the same rules as a new one, audited (changed fields only). */
export default class UpdateCustomer {
  async handle(
    customer: Customer,
    input: CustomerInput,
    options: { country: string; i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    const { attributes, warnings } = customerAttributes(input, options.country, options.i18n)
    const existing = await findDuplicateCustomer(attributes, customer.id)
    if (existing) throw duplicateCustomerError(options.i18n, existing)
    const before = auditFields(customer)
    customer.merge(attributes)
    try {
      await audit.transaction(options.actor, async (trx, record) => {
        customer.useTransaction(trx)
        await customer.save()
        // Compared as stored (numeric(18,6) reads back as 2.000000, not 2).
        await customer.refresh()
        const changes = auditChanges(before, auditFields(customer))
        if (changes) {
          await record('customer.updated', {
            entity: 'customer',
            entityId: customer.id,
            ...changes,
          })
        }
      })
    } catch (error) {
      if (isUniqueViolation(error, 'customers_identification_unique')) {
        throw duplicateCustomerError(options.i18n, { legalName: attributes.legalName })
      }
      throw error
    }
    return { customer, warnings }
  }
}
