import type { I18n } from '@adonisjs/i18n'
import Customer from '#catalog/models/customer'
import { checkCustomerIdentity, rulesFor } from '#catalog/country_rules'
import { CatalogValidationException } from '#catalog/errors'
import type { CustomerInput } from '#catalog/validators'

export type CustomerAttributes = Pick<
  Customer,
  | 'identificationType'
  | 'identification'
  | 'checkDigits'
  | 'taxpayerType'
  | 'foreignIdType'
  | 'foreignCountry'
  | 'legalName'
  | 'tradeName'
  | 'address'
  | 'emails'
  | 'phone'
  | 'notes'
>

/**
 * Turns validated input into the row's attributes, checking the
 * identification with the tenant's country rules. Throws
 * CatalogValidationException with the messages next to their fields;
 * warnings (e.g. a RUC checksum SRI may not follow) come back to be shown.
 */
export function customerAttributes(
  input: CustomerInput,
  country: string,
  i18n: I18n
): { attributes: CustomerAttributes; warnings: string[] } {
  const identity = checkCustomerIdentity(
    rulesFor(country),
    {
      identificationType: input.identificationType,
      identification: input.identification ?? '',
      checkDigits: input.checkDigits ?? null,
      taxpayerType: input.taxpayerType ?? null,
      foreignIdType: input.foreignIdType ?? null,
      foreignCountry: input.foreignCountry ?? null,
    },
    i18n
  )
  if (identity.errors.length > 0) {
    // One message per field: the first is the one to fix first.
    const seen = new Set<string>()
    throw new CatalogValidationException(
      identity.errors
        .filter((problem) => !seen.has(problem.field) && seen.add(problem.field))
        .map((problem) => ({ field: problem.field, message: problem.message, rule: problem.code }))
    )
  }
  return {
    attributes: {
      ...identity.value,
      legalName: input.legalName,
      tradeName: input.tradeName ?? null,
      address: input.address ?? null,
      emails: (input.emails as string[] | undefined) ?? [],
      phone: input.phone ?? null,
      notes: input.notes ?? null,
    },
    warnings: identity.warnings.map((warning) => warning.message),
  }
}

/** The customer of this company with the same identification, if any. */
export function findDuplicateCustomer(attributes: CustomerAttributes, exceptId?: number) {
  if (attributes.identification === '') return Promise.resolve(null)
  const query = Customer.query()
    .where('identification_type', attributes.identificationType)
    .where('identification', attributes.identification)
  if (exceptId) query.whereNot('id', exceptId)
  return query.first()
}

export function duplicateCustomerError(i18n: I18n, existing: { legalName: string }) {
  return new CatalogValidationException([
    {
      field: 'identification',
      rule: 'duplicate',
      message: i18n.t('catalog.customers.errors.duplicate', { name: existing.legalName }),
    },
  ])
}

/** PostgreSQL unique violation on the given index (a concurrent insert won the race). */
export function isUniqueViolation(error: unknown, constraint: string) {
  const pgError = error as { code?: string; constraint?: string }
  return pgError.code === '23505' && pgError.constraint === constraint
}
