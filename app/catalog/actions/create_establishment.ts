import type { I18n } from '@adonisjs/i18n'
import Establishment from '#catalog/models/establishment'
import { audit, auditFields, type AuditActor } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import EmissionPoint from '#catalog/models/emission_point'
import { emissionPointCodeFormat, rulesFor } from '#catalog/country_rules'
import { CatalogValidationException } from '#catalog/errors'
import { isUniqueViolation } from '#catalog/customer_attributes'
import { assertCanAddEstablishment } from '#catalog/plan_hooks'

export interface EstablishmentInput {
  code: string
  name?: string | null
  address: string
}

export function duplicateEstablishmentError(i18n: I18n, code: string) {
  return new CatalogValidationException([
    {
      field: 'code',
      rule: 'duplicate',
      message: i18n.t('catalog.establishments.errors.duplicate', { code }),
    },
  ])
}

/**
 * Creates an establishment with its first emission point (the country's
 * first code, "001"): an establishment without a point cannot issue. Both
 * rows and their audit entries commit together. The company's plan must
 * have room for one more active establishment.
 */
export default class CreateEstablishment {
  async handle(
    input: EstablishmentInput,
    options: { country: string; i18n: I18n; actor: HttpContext | AuditActor }
  ) {
    if (await Establishment.findBy('code', input.code)) {
      throw duplicateEstablishmentError(options.i18n, input.code)
    }
    const firstPoint = emissionPointCodeFormat(rulesFor(options.country)).first
    try {
      return await audit.transaction(options.actor, async (trx, record) => {
        await assertCanAddEstablishment(trx)
        const establishment = await Establishment.create(
          { code: input.code, name: input.name ?? null, address: input.address, isActive: true },
          { client: trx }
        )
        const point = await EmissionPoint.create(
          { establishmentId: establishment.id, code: firstPoint, isActive: true },
          { client: trx }
        )
        await record('establishment.created', {
          entity: 'establishment',
          entityId: establishment.id,
          after: auditFields(establishment),
        })
        await record('emission_point.created', {
          entity: 'emission_point',
          entityId: point.id,
          after: auditFields(point),
        })
        return establishment
      })
    } catch (error) {
      if (isUniqueViolation(error, 'establishments_tenant_id_code_unique')) {
        throw duplicateEstablishmentError(options.i18n, input.code)
      }
      throw error
    }
  }
}
