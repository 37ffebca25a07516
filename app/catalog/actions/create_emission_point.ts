import type { I18n } from '@adonisjs/i18n'
import EmissionPoint from '#catalog/models/emission_point'
import { audit, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import type Establishment from '#catalog/models/establishment'
import { CatalogValidationException } from '#catalog/errors'
import { isUniqueViolation } from '#catalog/customer_attributes'

export interface EmissionPointInput {
  code: string
  description?: string | null
}

export function duplicatePointError(i18n: I18n, code: string) {
  return new CatalogValidationException([
    {
      field: 'code',
      rule: 'duplicate',
      message: i18n.t('catalog.points.errors.duplicate', { code }),
    },
  ])
}

/** Adds an emission point to an establishment (audited); codes are unique within it. */
export default class CreateEmissionPoint {
  async handle(
    establishment: Establishment,
    input: EmissionPointInput,
    options: { i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    const existing = await EmissionPoint.query()
      .where('establishment_id', establishment.id)
      .where('code', input.code)
      .first()
    if (existing) throw duplicatePointError(options.i18n, input.code)
    try {
      return await audit.transaction(options.actor, async (trx, record) => {
        const point = await EmissionPoint.create(
          {
            establishmentId: establishment.id,
            code: input.code,
            description: input.description ?? null,
            isActive: true,
          },
          { client: trx }
        )
        await record('emission_point.created', {
          entity: 'emission_point',
          entityId: point.id,
          after: auditFields(point),
        })
        return point
      })
    } catch (error) {
      if (isUniqueViolation(error, 'emission_points_tenant_id_establishment_id_code_unique')) {
        throw duplicatePointError(options.i18n, input.code)
      }
      throw error
    }
  }
}
