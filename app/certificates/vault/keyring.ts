import env from '#start/env'
import {
  E_VAULT_KEY_MISSING,
  Vault,
  parseMasterKey,
  type MasterKey,
} from '#certificates/vault/vault'

/**
 * The application's vault, built from the environment:
 *
 * - `VAULT_MASTER_KEY`: the current master key (seals and opens);
 * - `VAULT_PREVIOUS_KEYS`: optional, comma-separated older keys that only
 *   open, kept while `node ace vault:rotate` re-seals their rows.
 *
 * Neither is APP_KEY: the vault key can be rotated without signing every
 * user out, and leaking one does not leak the other.
 */
let instance: Vault | null = null

export function vaultFromKeys(current: string | undefined, previous?: string): Vault {
  if (!current || !current.trim()) throw new E_VAULT_KEY_MISSING()
  const currentKey = parseMasterKey(current)
  const previousKeys: MasterKey[] = (previous ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => parseMasterKey(item))
    .filter((key) => key.id !== currentKey.id)
  return new Vault(currentKey, previousKeys)
}

/** The vault configured by the environment (built on first use). */
export function vault(): Vault {
  if (!instance) {
    instance = vaultFromKeys(env.get('VAULT_MASTER_KEY'), env.get('VAULT_PREVIOUS_KEYS'))
  }
  return instance
}

/**
 * Replaces the vault (tests of the rotation, which switch keys); `null`
 * goes back to the environment's keys on next use.
 */
export function useVault(next: Vault | null) {
  instance = next
}
