/*
|--------------------------------------------------------------------------
| A company's country settings
|--------------------------------------------------------------------------
|
| The fields each adapter declares for a company of its country
| (`profile.companyFields`: obligado a llevar contabilidad, tipo de
| contribuyente…), stored in `tenants.country_settings`, and what they
| fill in the issuer identity the adapter reads when it builds and prints.
| Here, beside the company, because the settings page (which edits them),
| the certificates module (which hands the identity to the adapter) and
| onboarding all read them.
|
*/
import tax from '#adapters/core/services/tax'
import type { CompanyField, IssuerIdentity } from '#adapters/core/types'

export type CountrySettings = Record<string, string | boolean>

export function companyFieldsOf(country: string): CompanyField[] {
  return tax.has(country) ? (tax.use(country).profile.companyFields ?? []) : []
}

/** The identity members the stored settings fill, for the adapter. Unknown or stale keys are left out. */
export function identityFrom(country: string, settings: CountrySettings | null | undefined) {
  const identity: Partial<IssuerIdentity> = {}
  for (const field of companyFieldsOf(country)) {
    const value = settings?.[field.key]
    if (field.kind === 'boolean') {
      Object.assign(identity, { [field.key]: value === true })
    } else if (typeof value === 'string' && value !== '') {
      Object.assign(identity, { [field.key]: value })
    }
  }
  return identity
}
