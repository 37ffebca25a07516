import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import VaultSecret from '#certificates/models/vault_secret'
import { vault } from '#certificates/vault/keyring'

/**
 * What a secret is for. Bound into the ciphertext (AAD), so a sealed
 * password cannot be opened as a certificate file, nor a test token as a
 * production one.
 */
export type SecretPurpose =
  | 'certificate.p12'
  | 'certificate.password'
  | `pac.${string}`
  | 'billing.join_code'
  | 'webhook.signing'

/** Seals a secret for a company and stores it; returns the row (no plaintext in it). */
export async function storeSecret(
  tenantId: number,
  purpose: SecretPurpose,
  plaintext: Buffer | string,
  client?: TransactionClientContract
): Promise<VaultSecret> {
  const keyring = await vault()
  const sealed = keyring.seal(tenantId, purpose, plaintext)
  const row = new VaultSecret()
  row.fill({ tenantId, purpose, ...sealed })
  if (client) row.useTransaction(client)
  await row.save()
  return row
}

/** Opens a stored secret; throws E_VAULT_TAMPERED / E_VAULT_UNKNOWN_KEY when it cannot. */
export async function openSecret(row: VaultSecret): Promise<Buffer> {
  const keyring = await vault()
  return keyring.open(row.tenantId, row.purpose, row.sealed)
}

/**
 * Re-seals one row under the current master key, unless another process
 * did it first (the update is conditional on the key it was read with).
 * Returns true when this call changed the row.
 */
export async function resealSecret(
  row: VaultSecret,
  client: TransactionClientContract
): Promise<boolean> {
  const keyring = await vault()
  if (!keyring.needsRotation(row.sealed)) return false
  const next = keyring.reseal(row.tenantId, row.purpose, row.sealed)
  const updated = await client
    .from('vault_secrets')
    .where('id', row.id)
    .where('tenant_id', row.tenantId)
    .where('key_id', row.keyId)
    .update({
      key_id: next.keyId,
      iv: next.iv,
      tag: next.tag,
      ciphertext: next.ciphertext,
      content_hash: next.contentHash,
      rotated_at: DateTime.now().toJSDate(),
    })
  return Number(Array.isArray(updated) ? updated[0] : updated) > 0
}
