import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import Plan from '#billing/models/plan'

/**
 * The plan a company is on, read from the database (not from a tenant row
 * loaded earlier in the request: a webhook may just have changed it).
 */
export async function planOf(tenantId: number, client: QueryClientContract = db.connection()) {
  return Plan.query({ client })
    .whereIn('code', (query) => query.from('tenants').where('id', tenantId).select('plan_code'))
    .firstOrFail()
}
