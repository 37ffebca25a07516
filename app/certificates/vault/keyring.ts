import app from '@adonisjs/core/services/app'
import env from '#start/env'
import {
  E_VAULT_KEY_MISSING,
  Vault,
  parseMasterKey,
  type MasterKey,
} from '#certificates/vault/vault'

/**
 * The application's vault is a container singleton (certificates
 * provider), built from the environment on first use:
 *
 * - `VAULT_MASTER_KEY`: the current master key (seals and opens);
 * - `VAULT_PREVIOUS_KEYS`: optional, comma-separated older keys that only
 *   open, kept while `node ace vault:rotate` re-seals their rows.
 *
 * Neither is APP_KEY: the vault key can be rotated without signing every
 * user out, and leaking one does not leak the other. Tests of the rotation
 * switch keys with `app.container.swap(Vault, () => vaultFromKeys(…))`.
 */

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

/** The vault the environment configures (what the provider binds). */
export function vaultFromEnv(): Vault {
  return vaultFromKeys(env.get('VAULT_MASTER_KEY'), env.get('VAULT_PREVIOUS_KEYS'))
}

/** The container's vault. */
export function vault(): Promise<Vault> {
  return app.container.make(Vault)
}
