/*
|--------------------------------------------------------------------------
| Document numbering
|--------------------------------------------------------------------------
|
| The law wants numbers per establishment, emission point and document
| type that are sequential, unique and never reused, and test and
| production documents live apart. Each (tenant, establishment, point,
| document type, environment) has one row in numbering_sequences holding
| the last number handed out.
|
| allocateNumber runs inside the caller's transaction:
|
| 1. `INSERT … ON CONFLICT DO NOTHING` creates the row on first use (two
|    first uses at once: the second waits on the unique index, then skips);
| 2. `SELECT … FOR UPDATE` locks the row, so concurrent allocations on the
|    same sequence queue behind this transaction;
| 3. the row is bumped by one and the new number returned.
|
| The lock is held until the caller commits or rolls back. A rollback undoes
| the bump too, so the number is handed out again by the next allocation:
| no hole, and no number that was committed is ever given twice. Callers
| should allocate as late as possible in their transaction (right before
| persisting the document) to keep the lock short.
|
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DocumentType, TaxEnvironment } from '#adapters/core/types'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'

/** Document types that are numbered (the platform's DocumentType). */
export const NUMBERED_DOCUMENT_TYPES = [
  'invoice',
  'credit_note',
] as const satisfies readonly DocumentType[]

export const NUMBERING_ENVIRONMENTS = [
  'test',
  'production',
] as const satisfies readonly TaxEnvironment[]

export interface SequenceKey {
  tenantId: number
  establishmentId: number
  emissionPointId: number
  documentType: DocumentType
  environment: TaxEnvironment
}

/** The establishment and emission point do not exist in this company. */
export class NumberingPointNotFoundError extends Error {
  readonly code = 'E_NUMBERING_POINT_NOT_FOUND'
}

function assertKey(key: SequenceKey) {
  for (const name of ['tenantId', 'establishmentId', 'emissionPointId'] as const) {
    if (!Number.isSafeInteger(key[name]) || key[name] <= 0) {
      throw new TypeError(`allocateNumber: ${name} must be a positive integer`)
    }
  }
  if (!(NUMBERED_DOCUMENT_TYPES as readonly string[]).includes(key.documentType)) {
    throw new TypeError(`allocateNumber: unknown document type "${key.documentType}"`)
  }
  if (!(NUMBERING_ENVIRONMENTS as readonly string[]).includes(key.environment)) {
    throw new TypeError(`allocateNumber: unknown environment "${key.environment}"`)
  }
  // Only the company's own context moves its sequences (row-level security
  // would hide the row anyway; this says why instead of "row not found").
  if (tenantContext.isUnscoped()) return
  if (tenantContext.currentOrFail().id !== key.tenantId) {
    throw new TenantMismatchException('A sequence of another company cannot be allocated')
  }
}

function sequenceRow(key: SequenceKey) {
  return {
    tenant_id: key.tenantId,
    establishment_id: key.establishmentId,
    emission_point_id: key.emissionPointId,
    document_type: key.documentType,
    environment: key.environment,
  }
}

/**
 * Takes the row lock of one sequence, creating the row on first use, and
 * returns the last number handed out. Throws NumberingPointNotFoundError
 * when the point does not belong to the establishment and the tenant (the
 * composite foreign key refuses the row).
 */
export async function lockSequence(trx: TransactionClientContract, key: SequenceKey) {
  assertKey(key)
  const row = sequenceRow(key)
  try {
    // A savepoint, so a refused insert does not abort the caller's transaction.
    await trx.transaction(async (savepoint) => {
      await savepoint
        .insertQuery()
        .table('numbering_sequences')
        .insert({ ...row, last_number: 0, created_at: new Date() })
        .knexQuery.onConflict([
          'tenant_id',
          'establishment_id',
          'emission_point_id',
          'document_type',
          'environment',
        ])
        .ignore()
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw new NumberingPointNotFoundError(
        `Emission point ${key.emissionPointId} of establishment ${key.establishmentId} does not exist in tenant ${key.tenantId}`,
        { cause: error }
      )
    }
    throw error
  }

  const locked = await trx.from('numbering_sequences').where(row).forUpdate().firstOrFail()
  return { id: Number(locked.id), lastNumber: Number(locked.last_number) }
}

/**
 * The next number of a sequence, allocated inside `trx` (see the top of
 * this file). Consecutive, gapless once committed, never reused.
 *
 *   const number = await allocateNumber(trx, {
 *     tenantId, establishmentId, emissionPointId, documentType: 'invoice', environment: 'test',
 *   })
 */
export async function allocateNumber(trx: TransactionClientContract, key: SequenceKey) {
  assertKey(key)
  // Steady state: one statement bumps the row and takes its lock.
  const bumped = await trx.rawQuery(
    `update numbering_sequences set last_number = last_number + 1, updated_at = now()
      where tenant_id = ? and establishment_id = ? and emission_point_id = ?
        and document_type = ? and environment = ?
      returning last_number`,
    [key.tenantId, key.establishmentId, key.emissionPointId, key.documentType, key.environment]
  )
  if (bumped.rows.length > 0) return Number(bumped.rows[0].last_number)
  // First use of the sequence: create the row, then lock and bump it.
  const sequence = await lockSequence(trx, key)
  const next = sequence.lastNumber + 1
  await trx
    .from('numbering_sequences')
    .where('id', sequence.id)
    .update({ last_number: next, updated_at: new Date() })
  return next
}

/** The number the next allocation will give, without taking it (for display only). */
export async function peekNextNumber(
  client: Pick<TransactionClientContract, 'from'>,
  key: SequenceKey
): Promise<number> {
  assertKey(key)
  const row = await client
    .from('numbering_sequences')
    .where(sequenceRow(key))
    .select('last_number')
    .first()
  return Number(row?.last_number ?? 0) + 1
}
