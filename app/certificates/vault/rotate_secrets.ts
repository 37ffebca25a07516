import db from '@adonisjs/lucid/services/db'
import VaultSecret from '#certificates/models/vault_secret'
import { vault } from '#certificates/vault/keyring'
import { resealSecret } from '#certificates/vault/secrets'
import { audit } from '#accounts/audit/audit_service'
import { withoutTenantScope } from '#tenancy/tenant_context'

export interface RotationReport {
  /** The master key every secret is sealed with afterwards. */
  currentKeyId: string
  /** Rows re-sealed by this run. */
  resealed: number
  /** Rows re-sealed per company. */
  byTenant: Map<number, number>
  /** Rows sealed with a key that is neither current nor in VAULT_PREVIOUS_KEYS. */
  unknownKey: number
  /** Old key ids met (and re-sealed away) by this run. */
  fromKeyIds: string[]
}

export interface RotationOptions {
  /** Rows per transaction: small batches keep row locks short while the app runs. */
  batchSize?: number
  /** Count what would be re-sealed without writing. */
  dryRun?: boolean
  onBatch?: (done: number) => void
}

/**
 * Re-seals every vault secret that is not under the current master key.
 *
 * Runs while the application serves requests: each batch is its own
 * transaction and locks its rows with SKIP LOCKED, and every row is
 * updated only if it still carries the key it was read with, so two
 * rotations at once (or a retry) never double-process a row. Secrets are
 * append-only for the application (a replaced certificate gets new rows),
 * so nothing else writes these rows meanwhile. Running it again when
 * everything is current changes nothing: it is idempotent.
 *
 * This is platform maintenance across companies, so it runs without the
 * tenant scope (and row-level security); the tenant of each row is bound
 * into its ciphertext anyway.
 */
export function rotateVaultSecrets(options: RotationOptions = {}): Promise<RotationReport> {
  return withoutTenantScope('vault key rotation re-seals every company secret', () =>
    rotate(options)
  )
}

async function rotate(options: RotationOptions): Promise<RotationReport> {
  const keyring = await vault()
  const batchSize = Math.max(1, options.batchSize ?? 100)
  const report: RotationReport = {
    currentKeyId: keyring.currentKeyId,
    resealed: 0,
    byTenant: new Map(),
    unknownKey: 0,
    fromKeyIds: [],
  }
  const known = (keyId: string) => keyring.canOpen(keyId)

  const stale = await VaultSecret.query()
    .whereNot('key_id', keyring.currentKeyId)
    .select('key_id')
    .count('* as total')
    .groupBy('key_id')
  for (const row of stale) {
    const total = Number(row.$extras.total)
    if (known(row.keyId)) report.fromKeyIds.push(row.keyId)
    else report.unknownKey += total
    if (options.dryRun && known(row.keyId)) report.resealed += total
  }
  if (options.dryRun || report.fromKeyIds.length === 0) return report

  let lastId = 0
  while (true) {
    const done = await db.transaction(async (trx) => {
      const rows = await VaultSecret.query({ client: trx })
        .whereIn('key_id', report.fromKeyIds)
        .where('id', '>', lastId)
        .orderBy('id', 'asc')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
      let count = 0
      for (const row of rows) {
        lastId = Math.max(lastId, row.id)
        if (await resealSecret(row, trx)) {
          count++
          report.byTenant.set(row.tenantId, (report.byTenant.get(row.tenantId) ?? 0) + 1)
        }
      }
      return { count, seen: rows.length }
    })
    report.resealed += done.count
    options.onBatch?.(report.resealed)
    if (done.seen < batchSize) break
  }

  for (const [tenantId, count] of report.byTenant) {
    await audit.record({ tenantId }, 'vault.rotated', {
      entity: 'vault',
      after: { keyId: report.currentKeyId, resealed: count },
    })
  }
  await audit.record({}, 'vault.rotated', {
    tenantId: null,
    entity: 'vault',
    before: { keyIds: report.fromKeyIds },
    after: { keyId: report.currentKeyId, resealed: report.resealed, unknownKey: report.unknownKey },
  })
  return report
}
