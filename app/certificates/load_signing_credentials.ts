/*
|--------------------------------------------------------------------------
| Signing credentials for the pipeline
|--------------------------------------------------------------------------
|
| `loadSigningCredentials(tenantId)` is what the signing pipeline calls
| (through #tax/credentials): the company's current certificate, opened
| from the vault and parsed by adapters/core/pkcs12.ts in a worker thread
| (P12Reader: never on the event loop of the web server or the queue
| worker), with the private key as a node:crypto KeyObject.
|
| Each call reads the current certificate row (one indexed query), so a
| replacement or an expiry is seen at once by every process; the decrypted
| and parsed credential is cached in memory for a few minutes per
| certificate, which keeps the vault and the P12 parser out of the hot path.
| Every real decryption adds one to the certificate's `decrypt_count`:
| counted, never logged per use.
|
*/
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { SigningCredential } from '#adapters/core/types'
import { forgetSigningCredentials } from '#tax/credentials'
import { asTenant } from '#tenancy/tenant_resolver'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import { openSecret } from '#certificates/vault/secrets'
import { E_VAULT_TAMPERED } from '#certificates/vault/vault'
import { E_CERTIFICATE_EXPIRED, E_CERTIFICATE_MISSING } from '#certificates/errors'
import { clock } from '#certificates/clock'
import { P12Reader } from '#certificates/p12/p12_reader'

/** How long a decrypted credential stays in memory. */
export const CREDENTIAL_CACHE_MS = 5 * 60_000

interface CacheEntry {
  certificateId: number
  credential: SigningCredential
  until: number
}

const cache = new Map<number, CacheEntry>()

/**
 * The company's signing credential: private key (KeyObject), signing
 * certificate and the rest of the file's chain.
 *
 * Throws `E_CERTIFICATE_MISSING` when the company has no current
 * certificate and `E_CERTIFICATE_EXPIRED` when it has expired; both carry
 * `link` (the upload page) and render as a message naming it. Inside a
 * tenant context only that tenant's credential can be loaded; outside one
 * (benchmarks, commands) it enters the tenant's.
 */
export function loadSigningCredentials(tenantId: number): Promise<SigningCredential> {
  return asTenant(tenantId, () => load(tenantId))
}

async function load(tenantId: number): Promise<SigningCredential> {
  const now = clock.now()
  const certificate = await Certificate.query().where('is_current', true).first()
  if (!certificate || !certificate.p12SecretId || !certificate.passwordSecretId) {
    throw new E_CERTIFICATE_MISSING()
  }
  if (certificate.validTo.toMillis() <= now.getTime()) {
    throw new E_CERTIFICATE_EXPIRED(certificate.validTo.toJSDate())
  }

  const cached = cache.get(tenantId)
  if (cached && cached.certificateId === certificate.id && cached.until > Date.now()) {
    return cached.credential
  }

  const secrets = await VaultSecret.query().whereIn('id', [
    certificate.p12SecretId,
    certificate.passwordSecretId,
  ])
  const p12 = secrets.find((row) => row.id === certificate.p12SecretId)
  const password = secrets.find((row) => row.id === certificate.passwordSecretId)
  if (!p12 || !password || p12.purpose !== 'certificate.p12') throw new E_CERTIFICATE_MISSING()

  const reader = await app.container.make(P12Reader)
  const credential = await reader.read(openSecret(p12), openSecret(password).toString('utf8'), {
    at: now,
  })
  // The row says which certificate was uploaded; a file swapped in from
  // another of the company's rows would open fine but is not that one.
  if (credential.certificate.fingerprint.sha256 !== certificate.fingerprintSha256) {
    throw new E_VAULT_TAMPERED('The certificate file does not match its record')
  }

  await db.rawQuery(
    'update certificates set decrypt_count = decrypt_count + 1, last_decrypted_at = ? where tenant_id = ? and id = ?',
    [now, tenantId, certificate.id]
  )

  const signing: SigningCredential = {
    privateKey: credential.privateKey,
    certificate: credential.certificate,
    chain: credential.chain,
  }
  cache.set(tenantId, {
    certificateId: certificate.id,
    credential: signing,
    until: Date.now() + CREDENTIAL_CACHE_MS,
  })
  return signing
}

/**
 * Drops a company's cached credential here and in the pipeline's own
 * cache (after an upload or a replacement); no argument drops all.
 */
export function forgetCertificateCredentials(tenantId?: number) {
  if (tenantId === undefined) cache.clear()
  else cache.delete(tenantId)
  forgetSigningCredentials(tenantId)
}
