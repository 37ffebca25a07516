import type { I18n } from '@adonisjs/i18n'
import Establishment from '#catalog/models/establishment'
import NumberingSequence from '#catalog/models/numbering_sequence'
import { CatalogValidationException } from '#catalog/errors'
import { isUniqueViolation } from '#catalog/customer_attributes'
import {
  duplicateEstablishmentError,
  type EstablishmentInput,
} from '#catalog/actions/create_establishment'

/**
 * Saves an establishment. Its code is printed in every document number, so
 * it cannot change once a number was handed out under it.
 */
export default class UpdateEstablishment {
  async handle(establishment: Establishment, input: EstablishmentInput, options: { i18n: I18n }) {
    if (input.code !== establishment.code) {
      const used = await NumberingSequence.query()
        .where('establishment_id', establishment.id)
        .where('last_number', '>', 0)
        .first()
      if (used) {
        throw new CatalogValidationException([
          {
            field: 'code',
            rule: 'code_in_use',
            message: options.i18n.t('catalog.establishments.errors.code_in_use'),
          },
        ])
      }
      const other = await Establishment.query()
        .where('code', input.code)
        .whereNot('id', establishment.id)
        .first()
      if (other) throw duplicateEstablishmentError(options.i18n, input.code)
    }
    establishment.merge({ code: input.code, name: input.name ?? null, address: input.address })
    try {
      await establishment.save()
    } catch (error) {
      if (isUniqueViolation(error, 'establishments_tenant_id_code_unique')) {
        throw duplicateEstablishmentError(options.i18n, input.code)
      }
      throw error
    }
    return establishment
  }
}
