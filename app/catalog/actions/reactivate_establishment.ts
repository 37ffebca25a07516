import type { HttpContext } from '@adonisjs/core/http'
import type Establishment from '#catalog/models/establishment'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import { assertCanAddEstablishment } from '#catalog/plan_hooks'

/**
 * Reactivates an establishment: it counts against the plan's limit again,
 * so the plan must have room for it (checked under the same lock as a new
 * establishment). The change and its audit entry commit together, as in
 * SetRecordActive.
 */
export default class ReactivateEstablishment {
  async handle(establishment: Establishment, actor: HttpContext | AuditActor) {
    if (establishment.isActive) return establishment
    await audit.transaction(actor, async (trx, record) => {
      await assertCanAddEstablishment(trx)
      establishment.useTransaction(trx)
      establishment.isActive = true
      await establishment.save()
      await record('establishment.reactivated', {
        entity: 'establishment',
        entityId: establishment.id,
        before: { isActive: false },
        after: { isActive: true },
      })
    })
    return establishment
  }
}
