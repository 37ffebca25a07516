import type { I18n } from '@adonisjs/i18n'
import Customer from '#catalog/models/customer'
import type { CustomerInput } from '#catalog/validators'
import {
  customerAttributes,
  duplicateCustomerError,
  findDuplicateCustomer,
  isUniqueViolation,
} from '#catalog/customer_attributes'

/**
 * Creates a customer of the current company after the country rules and
 * the duplicate check (same identification and type) accept it.
 */
export default class CreateCustomer {
  async handle(input: CustomerInput, options: { country: string; i18n: I18n }) {
    const { attributes, warnings } = customerAttributes(input, options.country, options.i18n)
    const existing = await findDuplicateCustomer(attributes)
    if (existing) throw duplicateCustomerError(options.i18n, existing)
    try {
      const customer = await Customer.create({ ...attributes, isActive: true })
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
