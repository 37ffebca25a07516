import type { I18n } from '@adonisjs/i18n'
import type Customer from '#catalog/models/customer'
import type { CustomerInput } from '#catalog/validators'
import {
  customerAttributes,
  duplicateCustomerError,
  findDuplicateCustomer,
  isUniqueViolation,
} from '#catalog/customer_attributes'

/** Saves a customer's new data under the same rules as a new one. */
export default class UpdateCustomer {
  async handle(customer: Customer, input: CustomerInput, options: { country: string; i18n: I18n }) {
    const { attributes, warnings } = customerAttributes(input, options.country, options.i18n)
    const existing = await findDuplicateCustomer(attributes, customer.id)
    if (existing) throw duplicateCustomerError(options.i18n, existing)
    customer.merge(attributes)
    try {
      await customer.save()
    } catch (error) {
      if (isUniqueViolation(error, 'customers_identification_unique')) {
        throw duplicateCustomerError(options.i18n, { legalName: attributes.legalName })
      }
      throw error
    }
    return { customer, warnings }
  }
}
