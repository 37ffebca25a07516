import tax from '#adapters/core/services/tax'
import type { IssuerContext } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import { signingCredentials } from '#certificates/signing_credentials'

/**
 * What an adapter knows about the issuer, built from the tenant. Only the
 * steps that sign need the credential, so it is loaded on request. It
 * lives here, beside the credentials, because both the lifecycle (issuing,
 * downloads) and the tax pipeline (submission) build it.
 */
export async function issuerContextFor(
  tenant: Tenant,
  options: { withCredentials?: boolean } = {}
): Promise<IssuerContext> {
  const context: IssuerContext = {
    identity: {
      taxId: tenant.taxId,
      taxIdCheckDigits: tenant.taxIdDv ?? undefined,
      legalName: tenant.legalName,
      tradeName: tenant.tradeName || undefined,
      headOfficeAddress: tenant.address,
      accountingObligated: false,
    },
    environment: tenant.authorityEnvironment,
    credentials: {},
  }
  // Only a country whose companies sign with their own certificate needs one loaded.
  if (options.withCredentials && tax.use(tenant.country).profile.credential === 'certificate') {
    const credentials = await signingCredentials()
    context.credentials.signing = await credentials.for(tenant.id)
  }
  return context
}
