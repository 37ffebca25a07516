import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { Exception } from '@adonisjs/core/exceptions'

/**
 * A master key and its id. The id (first 16 hex chars of the key's SHA-256)
 * is stored beside every ciphertext so that, during a rotation, the vault
 * knows which master key sealed a secret.
 */
export interface MasterKey {
  id: string
  key: Buffer
}

/**
 * What is persisted for one secret. The plaintext never is.
 */
export interface SealedSecret {
  keyId: string
  iv: Buffer
  tag: Buffer
  ciphertext: Buffer
  /** HMAC-SHA256 of the plaintext under the tenant key: detects a wrong or corrupted decryption. */
  contentHash: string
}

export class VaultError extends Exception {
  static status = 500
}

export const E_VAULT_KEY_MISSING = class extends VaultError {
  static code = 'E_VAULT_KEY_MISSING'
  static message = 'The secrets vault has no master key (set VAULT_MASTER_KEY)'
}

export const E_VAULT_UNKNOWN_KEY = class extends VaultError {
  static code = 'E_VAULT_UNKNOWN_KEY'
  static message = 'The secret was sealed with a master key that is not configured'
}

export const E_VAULT_TAMPERED = class extends VaultError {
  static code = 'E_VAULT_TAMPERED'
  static message = 'The secret cannot be opened: wrong tenant, wrong key, or altered ciphertext'
}

const HKDF_SALT = Buffer.from('facturo-vault-v1')

/**
 * Parses a master key given as base64 (32 bytes). Shorter or malformed keys
 * are refused: a weak master key would weaken every tenant key.
 */
export function parseMasterKey(encoded: string): MasterKey {
  const key = Buffer.from(encoded.trim(), 'base64')
  if (key.length !== 32) {
    throw new E_VAULT_KEY_MISSING('VAULT_MASTER_KEY must be 32 random bytes encoded in base64')
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key }
}

/**
 * The secrets vault: AES-256-GCM with a per-tenant key derived from the master
 * key with HKDF-SHA256, a random 96-bit IV per encryption, and the tenant,
 * purpose and key id bound in as additional authenticated data. A ciphertext
 * copied to another tenant, or relabelled for another purpose, fails to open.
 *
 * The keyring holds the current master key (used to seal) and previous ones
 * (used only to open) so a rotation can re-seal rows while the app runs.
 */
export class Vault {
  #current: MasterKey
  #keys = new Map<string, MasterKey>()
  #tenantKeys = new Map<string, Buffer>()

  constructor(current: MasterKey, previous: MasterKey[] = []) {
    this.#current = current
    for (const key of [current, ...previous]) this.#keys.set(key.id, key)
  }

  get currentKeyId() {
    return this.#current.id
  }

  /**
   * Per-tenant keys: one for encryption and a separate one for the content
   * hash, both derived from the master key (never used directly).
   */
  #tenantKey(master: MasterKey, tenantId: number | string, use: 'enc' | 'mac' = 'enc'): Buffer {
    const cacheKey = `${master.id}:${tenantId}:${use}`
    let key = this.#tenantKeys.get(cacheKey)
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', master.key, HKDF_SALT, `tenant:${tenantId}:${use}`, 32))
      this.#tenantKeys.set(cacheKey, key)
    }
    return key
  }

  #aad(tenantId: number | string, purpose: string, keyId: string) {
    return Buffer.from(`facturo:${tenantId}:${purpose}:${keyId}`)
  }

  #hash(key: Buffer, plaintext: Buffer) {
    return createHmac('sha256', key).update(plaintext).digest('hex')
  }

  /** Encrypts a secret for one tenant and purpose (e.g. "certificate.p12"). */
  seal(tenantId: number | string, purpose: string, plaintext: Buffer | string): SealedSecret {
    const data = Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8')
    const key = this.#tenantKey(this.#current, tenantId)
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(this.#aad(tenantId, purpose, this.#current.id))
    const ciphertext = Buffer.concat([cipher.update(data), cipher.final()])
    return {
      keyId: this.#current.id,
      iv,
      tag: cipher.getAuthTag(),
      ciphertext,
      contentHash: this.#hash(this.#tenantKey(this.#current, tenantId, 'mac'), data),
    }
  }

  /** Decrypts a secret; throws E_VAULT_TAMPERED when anything does not match. */
  open(tenantId: number | string, purpose: string, sealed: SealedSecret): Buffer {
    const master = this.#keys.get(sealed.keyId)
    if (!master) throw new E_VAULT_UNKNOWN_KEY()
    const key = this.#tenantKey(master, tenantId)
    let plaintext: Buffer
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv)
      decipher.setAAD(this.#aad(tenantId, purpose, sealed.keyId))
      decipher.setAuthTag(sealed.tag)
      plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()])
    } catch (error) {
      throw new E_VAULT_TAMPERED(undefined, { cause: error })
    }
    const expected = Buffer.from(
      this.#hash(this.#tenantKey(master, tenantId, 'mac'), plaintext),
      'hex'
    )
    const stored = Buffer.from(sealed.contentHash, 'hex')
    if (expected.length !== stored.length || !timingSafeEqual(expected, stored)) {
      throw new E_VAULT_TAMPERED()
    }
    return plaintext
  }

  /** True when a secret sealed with this key id can be opened (current or previous key). */
  canOpen(keyId: string) {
    return this.#keys.has(keyId)
  }

  /** True when the secret is sealed with an older master key. */
  needsRotation(sealed: Pick<SealedSecret, 'keyId'>) {
    return sealed.keyId !== this.#current.id
  }

  /** Opens with whichever key sealed it and seals again with the current key. */
  reseal(tenantId: number | string, purpose: string, sealed: SealedSecret): SealedSecret {
    return this.seal(tenantId, purpose, this.open(tenantId, purpose, sealed))
  }
}
