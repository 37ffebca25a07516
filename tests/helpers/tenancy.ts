import db from '@adonisjs/lucid/services/db'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TenantQueryOptions } from '#tenancy/with_tenant'
import { withoutTenantScope } from '#tenancy/tenant_context'

/**
 * The reason tests give (`withoutTenantScope: INSPECT`) when they read
 * stored rows directly to check them, whatever the company.
 */
export const INSPECT = 'the test checks the stored rows of any company'

type TenantModel<Row> = LucidModel & {
  query(options: TenantQueryOptions): { where(column: string, value: unknown): any }
  new (): Row
}

/** A stored row by id, whatever its company (for assertions). */
export function storedRow<Row>(model: TenantModel<Row>, id: number): Promise<Row> {
  return model.query({ withoutTenantScope: INSPECT }).where('id', id).firstOrFail()
}

/**
 * The SQLSTATE a raw write fails with (null when it succeeds), run in a
 * savepoint so the test's transaction stays usable, and with row-level
 * security lifted so that only the table's constraints judge it.
 */
export async function constraintError(
  work: (trx: TransactionClientContract) => Promise<unknown>
): Promise<string | null> {
  try {
    await withoutTenantScope('the test proves what the constraints refuse on their own', () =>
      db.transaction((trx) => work(trx))
    )
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
  return null
}

/** Reads a row again from the database, whatever its company (for assertions). */
export function reload<Row extends { refresh(): Promise<unknown> }>(row: Row) {
  return withoutTenantScope(INSPECT, () => row.refresh())
}
