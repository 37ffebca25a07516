import type { LucidRow } from '@adonisjs/lucid/types/model'
import type { HttpContext } from '@adonisjs/core/http'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

/** The catalog rows that can be switched off and on. */
export type ActivatableEntity = 'customer' | 'product' | 'establishment' | 'emission_point'

/**
 * Deactivates or reactivates a catalog row (customer, product,
 * establishment, emission point). Rows are never deleted: documents
 * already issued keep pointing at them, and inactive rows are simply not
 * offered for new documents. The change and its audit entry commit
 * together; switching to the state a row already has changes nothing.
 */
export default class SetRecordActive {
  async handle<T extends LucidRow & { id: number; isActive: boolean }>(
    record: T,
    active: boolean,
    entity: ActivatableEntity,
    actor: HttpContext | AuditActor
  ) {
    if (record.isActive === active) return record
    const action = active ? (`${entity}.reactivated` as const) : (`${entity}.deactivated` as const)
    await audit.transaction(actor, async (trx, recordAudit) => {
      record.useTransaction(trx)
      record.isActive = active
      await record.save()
      await recordAudit(action, {
        entity,
        entityId: record.id,
        before: { isActive: !active },
        after: { isActive: active },
      })
    })
    return record
  }
}
