import type { LucidRow } from '@adonisjs/lucid/types/model'

/**
 * Deactivates or reactivates a catalog row (customer, product,
 * establishment, emission point). Rows are never deleted: documents
 * already issued keep pointing at them, and inactive rows are simply not
 * offered for new documents.
 */
export default class SetRecordActive {
  async handle<T extends LucidRow & { isActive: boolean }>(record: T, active: boolean) {
    if (record.isActive === active) return record
    record.isActive = active
    await record.save()
    return record
  }
}
