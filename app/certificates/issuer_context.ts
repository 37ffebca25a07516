import tax from '#adapters/core/services/tax'
import type { IssuerContext } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import { signingCredentials } from '#certificates/signing_credentials'
import { loadPacTokens } from '#certificates/pac/pac_tokens'
import { identityFrom } from '#tenancy/country_settings'

/**
 * What an adapter knows about the issuer, built from the tenant. Only the
 * steps that sign need the certificate, so it is loaded on request; a PAC
 * country's tokens (decrypted from the vault) always come along. It
 * lives here, beside the credentials, because both the lifecycle (issuing,
 * downloads) and the tax pipeline (submission) build it.
 */
export async function issuerContextFor(
  tenant: Tenant,
  options: { withCredentials?: boolean; environment?: AuthorityEnvironment } = {}
): Promise<IssuerContext> {
  // Another environment than the company's own: the pre-flight of production.
  const environment = options.environment ?? tenant.authorityEnvironment
  const context: IssuerContext = {
    identity: {
      taxId: tenant.taxId,
      taxIdCheckDigits: tenant.taxIdDv ?? undefined,
      legalName: tenant.legalName,
      tradeName: tenant.tradeName || undefined,
      headOfficeAddress: tenant.address,
      email: tenant.contactEmail ?? undefined,
      phone: tenant.contactPhone ?? undefined,
      // The country's own settings (company settings page): obligado a
      // llevar contabilidad, resolutions, regime… under their identity names.
      accountingObligated: false,
      ...identityFrom(tenant.country, tenant.countrySettings),
    },
    environment,
    credentials: {},
  }
  const credential = tax.use(tenant.country).profile.credential
  // Only a country whose companies sign with their own certificate needs one loaded.
  if (options.withCredentials && credential === 'certificate') {
    const credentials = await signingCredentials()
    context.credentials.signing = await credentials.for(tenant.id)
  }
  // A PAC's tokens go with every call to it (submission, status, files), not
  // with signing: they are loaded whenever the country works through one.
  if (credential === 'pac_tokens') {
    const tokens = await loadPacTokens(tenant.id, environment)
    if (tokens) context.credentials.tokens = { ...tokens }
  }
  return context
}
