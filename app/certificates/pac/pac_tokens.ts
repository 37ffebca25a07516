import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import PacCredential from '#certificates/models/pac_credential'
import VaultSecret from '#certificates/models/vault_secret'
import { openSecret } from '#certificates/vault/secrets'
import { asTenant } from '#tenancy/as_tenant'

/** The two credentials The Factory HKA issues per company and environment. */
export interface PacTokens {
  tokenEmpresa: string
  tokenPassword: string
}

/** Vault purpose of a company's PAC tokens for one environment. */
export function pacPurpose(environment: AuthorityEnvironment) {
  return `pac.${environment}` as const
}

/**
 * A Panama company's PAC tokens for an environment, decrypted, or null
 * when none were saved. For the pipeline (`IssuerCredentials.tokens`) and
 * the connection test; never for a page. Runs as that company (asTenant).
 */
export function loadPacTokens(
  tenantId: number,
  environment: AuthorityEnvironment
): Promise<PacTokens | null> {
  return asTenant(tenantId, () => load(environment))
}

async function load(environment: AuthorityEnvironment): Promise<PacTokens | null> {
  const row = await PacCredential.query().where('environment', environment).first()
  if (!row) return null
  const secret = await VaultSecret.query().where('id', row.secretId).firstOrFail()
  const opened = await openSecret(secret)
  const value = JSON.parse(opened.toString('utf8')) as PacTokens
  return { tokenEmpresa: value.tokenEmpresa, tokenPassword: value.tokenPassword }
}
