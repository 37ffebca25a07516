import type { I18n } from '@adonisjs/i18n'
import EmissionPoint from '#catalog/models/emission_point'
import { audit, auditChanges, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import NumberingSequence from '#catalog/models/numbering_sequence'
import { CatalogValidationException } from '#catalog/errors'
import { isUniqueViolation } from '#catalog/customer_attributes'
import {
  duplicatePointError,
  type EmissionPointInput,
} from '#catalog/actions/create_emission_point'

/** Saves an emission point (audited); like establishments, a used code is frozen. */
export default class UpdateEmissionPoint {
  async handle(
    point: EmissionPoint,
    input: EmissionPointInput,
    options: { i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    if (input.code !== point.code) {
      const used = await NumberingSequence.query()
        .where('emission_point_id', point.id)
        .where('last_number', '>', 0)
        .first()
      if (used) {
        throw new CatalogValidationException([
          {
            field: 'code',
            rule: 'code_in_use',
            message: options.i18n.t('catalog.points.errors.code_in_use'),
          },
        ])
      }
      const other = await EmissionPoint.query()
        .where('establishment_id', point.establishmentId)
        .where('code', input.code)
        .whereNot('id', point.id)
        .first()
      if (other) throw duplicatePointError(options.i18n, input.code)
    }
    const before = auditFields(point)
    point.merge({ code: input.code, description: input.description ?? null })
    try {
      await audit.transaction(options.actor, async (trx, record) => {
        point.useTransaction(trx)
        await point.save()
        // Compared as stored (numeric(18,6) reads back as 2.000000, not 2).
        await point.refresh()
        const changes = auditChanges(before, auditFields(point))
        if (changes) {
          await record('emission_point.updated', {
            entity: 'emission_point',
            entityId: point.id,
            ...changes,
          })
        }
      })
    } catch (error) {
      if (isUniqueViolation(error, 'emission_points_tenant_id_establishment_id_code_unique')) {
        throw duplicatePointError(options.i18n, input.code)
      }
      throw error
    }
    return point
  }
}
