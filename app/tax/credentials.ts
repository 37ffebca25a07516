/*
|--------------------------------------------------------------------------
| Signing credentials for the pipeline
|--------------------------------------------------------------------------
|
| The certificates module owns the vault and the P12 parsing; the pipeline
| only asks it for a tenant's decrypted credential. The loader is a seam so
| tests and benchmarks can hand in a generated certificate, and the parsed
| credential is cached briefly per tenant: the SRI signer caches its key
| import per credential object, which is what makes signing fast.
|
*/
import type { SigningCredential } from '#adapters/core/types'
import { loadSigningCredentials } from '#certificates/load_signing_credentials'

export type SigningCredentialsLoader = (tenantId: number) => Promise<SigningCredential>

/** The certificates module decrypts and parses the tenant's P12 (E_CERTIFICATE_MISSING/EXPIRED otherwise). */
const loadFromCertificatesModule: SigningCredentialsLoader = (tenantId) =>
  loadSigningCredentials(tenantId)

const CACHE_MS = 60_000

let loader: SigningCredentialsLoader = loadFromCertificatesModule
const cache = new Map<number, { credential: SigningCredential; until: number }>()

/** Replaces the loader (tests, benchmarks); `null` restores the certificates module. */
export function useSigningCredentialsLoader(next: SigningCredentialsLoader | null) {
  loader = next ?? loadFromCertificatesModule
  cache.clear()
}

/** Forgets cached credentials (after an upload, or of one tenant). */
export function forgetSigningCredentials(tenantId?: number) {
  if (tenantId === undefined) cache.clear()
  else cache.delete(tenantId)
}

export async function signingCredentialsFor(tenantId: number): Promise<SigningCredential> {
  const cached = cache.get(tenantId)
  if (cached && cached.until > Date.now()) return cached.credential
  const credential = await loader(tenantId)
  cache.set(tenantId, { credential, until: Date.now() + CACHE_MS })
  return credential
}
