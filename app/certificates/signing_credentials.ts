/*
|--------------------------------------------------------------------------
| Signing credentials: one service, one cache
|--------------------------------------------------------------------------
|
| `SigningCredentials` is bound once in the container (certificates
| provider). Issuing asks it for the company's decrypted credential:
| the current certificate, opened from the vault and parsed by
| adapters/core/pkcs12.ts in a worker thread (P12Reader: never on the
| event loop of the web server or the queue worker), with the private key
| as a node:crypto KeyObject.
|
| One cache per process, with two horizons per company:
| - for `RECHECK_MS` a cached credential is handed out without any query:
|   issuing stays cheap (no statement for the credential at all);
| - after that the certificate row is read again (one indexed query), so a
|   replacement or an expiry made by another process is seen within that
|   time; if the row still names the same certificate, the parsed
|   credential is reused for up to `CREDENTIAL_CACHE_MS` without
|   decrypting again.
| An upload in this process drops the company's entry at once (`forget`).
| Every real decryption adds one to the certificate's `decrypt_count`:
| counted, never logged per use.
|
| Tests and benchmarks swap the service with
| `app.container.swap(SigningCredentials, …)` (FixedSigningCredentials).
|
*/
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { SigningCredential } from '#adapters/core/types'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import { asTenant } from '#tenancy/as_tenant'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import { openSecret } from '#certificates/vault/secrets'
import { E_VAULT_TAMPERED } from '#certificates/vault/vault'
import { E_CERTIFICATE_EXPIRED, E_CERTIFICATE_MISSING } from '#certificates/errors'
import { clock } from '#certificates/clock'
import { P12Reader } from '#certificates/p12/p12_reader'

/** How long a decrypted credential stays in memory. */
export const CREDENTIAL_CACHE_MS = 5 * 60_000
/** How long a cached credential is handed out before its certificate row is read again. */
export const RECHECK_MS = 60_000

interface CacheEntry {
  certificateId: number
  credential: SigningCredential
  /** Until then: no query. */
  checkedUntil: number
  /** Until then: no decryption while the row names the same certificate. */
  until: number
  /** The certificate's end: past it the row is read again (and refuses). */
  validTo: number
}

export class SigningCredentials {
  #cache = new Map<number, CacheEntry>()

  /**
   * The company's signing credential: private key (KeyObject), signing
   * certificate and the rest of the file's chain.
   *
   * Throws `E_CERTIFICATE_MISSING` when the company has no current
   * certificate and `E_CERTIFICATE_EXPIRED` when it has expired; both carry
   * `link` (the upload page) and render as a message naming it. Inside a
   * tenant context only that tenant's credential can be loaded; outside one
   * (benchmarks, commands) the rows are read in the tenant's own.
   */
  async for(tenantId: number): Promise<SigningCredential> {
    const active = tenantContext.current()
    if (active && active.id !== tenantId) throw new TenantMismatchException()

    const now = clock.now()
    const at = now.getTime()
    const cached = this.#cache.get(tenantId)
    if (cached && cached.checkedUntil > at && cached.validTo > at) return cached.credential
    return asTenant(tenantId, () => this.#load(tenantId, now, cached))
  }

  async #load(tenantId: number, now: Date, cached: CacheEntry | undefined) {
    const at = now.getTime()
    const certificate = await Certificate.query().where('is_current', true).first()
    if (!certificate || !certificate.p12SecretId || !certificate.passwordSecretId) {
      this.#cache.delete(tenantId)
      throw new E_CERTIFICATE_MISSING()
    }
    if (certificate.validTo.toMillis() <= now.getTime()) {
      this.#cache.delete(tenantId)
      throw new E_CERTIFICATE_EXPIRED(certificate.validTo.toJSDate())
    }
    if (cached && cached.certificateId === certificate.id && cached.until > at) {
      cached.checkedUntil = Math.min(cached.until, at + RECHECK_MS)
      return cached.credential
    }

    const credential = await this.#decrypt(tenantId, certificate, now)
    this.#cache.set(tenantId, {
      certificateId: certificate.id,
      credential,
      checkedUntil: at + RECHECK_MS,
      until: at + CREDENTIAL_CACHE_MS,
      validTo: certificate.validTo.toMillis(),
    })
    return credential
  }

  /** Drops a company's cached credential (after an upload or a replacement); no argument drops all. */
  forget(tenantId?: number) {
    if (tenantId === undefined) this.#cache.clear()
    else this.#cache.delete(tenantId)
  }

  async #decrypt(tenantId: number, certificate: Certificate, now: Date) {
    const secrets = await VaultSecret.query().whereIn('id', [
      certificate.p12SecretId!,
      certificate.passwordSecretId!,
    ])
    const p12 = secrets.find((row) => row.id === certificate.p12SecretId)
    const password = secrets.find((row) => row.id === certificate.passwordSecretId)
    if (!p12 || !password || p12.purpose !== 'certificate.p12') throw new E_CERTIFICATE_MISSING()

    const reader = await app.container.make(P12Reader)
    const file = await openSecret(p12)
    const passphrase = await openSecret(password)
    const parsed = await reader.read(file, passphrase.toString('utf8'), {
      at: now,
    })
    // The row says which certificate was uploaded; a file swapped in from
    // another of the company's rows would open fine but is not that one.
    if (parsed.certificate.fingerprint.sha256 !== certificate.fingerprintSha256) {
      throw new E_VAULT_TAMPERED('The certificate file does not match its record')
    }

    await db.rawQuery(
      'update certificates set decrypt_count = decrypt_count + 1, last_decrypted_at = ? where tenant_id = ? and id = ?',
      [now, tenantId, certificate.id]
    )
    return {
      privateKey: parsed.privateKey,
      certificate: parsed.certificate,
      chain: parsed.chain,
    } satisfies SigningCredential
  }
}

/**
 * Hands the same credential to every company: tests and benchmarks swap it
 * in (`app.container.swap(SigningCredentials, () => new FixedSigningCredentials(c))`).
 */
export class FixedSigningCredentials extends SigningCredentials {
  constructor(private credential: SigningCredential) {
    super()
  }

  async for(_tenantId: number) {
    return this.credential
  }
}

/** The container's signing-credentials service. */
export async function signingCredentials() {
  return app.container.make(SigningCredentials)
}
