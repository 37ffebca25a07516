import type { I18n } from '@adonisjs/i18n'
import Establishment from '#catalog/models/establishment'
import { audit, auditChanges, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
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
  async handle(
    establishment: Establishment,
    input: EstablishmentInput,
    options: { i18n: I18n; actor: HttpContext | AuditActor }
  ) {
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
    const before = auditFields(establishment)
    establishment.merge({ code: input.code, name: input.name ?? null, address: input.address })
    try {
      await audit.transaction(options.actor, async (trx, record) => {
        establishment.useTransaction(trx)
        await establishment.save()
        // Compared as stored (numeric(18,6) reads back as 2.000000, not 2).
        await establishment.refresh()
        const changes = auditChanges(before, auditFields(establishment))
        if (changes) {
          await record('establishment.updated', {
            entity: 'establishment',
            entityId: establishment.id,
            ...changes,
          })
        }
      })
    } catch (error) {
      if (isUniqueViolation(error, 'establishments_tenant_id_code_unique')) {
        throw duplicateEstablishmentError(options.i18n, input.code)
      }
      throw error
    }
    return establishment
  }
}
