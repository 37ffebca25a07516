/*
|--------------------------------------------------------------------------
| Onboarding: from sign-up to the first legally valid document
|--------------------------------------------------------------------------
|
| The dashboard shows these steps until every one is done. Each is judged
| from the company's real data, never from a flag someone ticks, and each
| links to the page where it is done.
|
*/
import tax from '#adapters/core/services/tax'
import type Tenant from '#tenancy/models/tenant'
import Certificate from '#certificates/models/certificate'
import PacCredential from '#certificates/models/pac_credential'
import Customer from '#catalog/models/customer'
import Document from '#documents/models/document'
import { companyFieldsOf } from '#tenancy/country_settings'

export type OnboardingStepKey =
  | 'company'
  | 'credential'
  | 'customer'
  | 'test_invoice'
  | 'production'

export interface OnboardingStep {
  key: OnboardingStepKey
  /** Its text under `ui.settings.onboarding.steps` (the credential's names the country's kind). */
  label: string
  done: boolean
  href: string
}

/** The company's data is complete: a contact e-mail and every field its country requires. */
function companyComplete(tenant: Tenant) {
  const settings = tenant.countrySettings ?? {}
  const required = companyFieldsOf(tenant.country).filter((field) => field.required)
  return (
    !!tenant.contactEmail &&
    required.every((field) => settings[field.key] !== undefined && settings[field.key] !== '')
  )
}

/** The credential the country needs for the test environment is loaded (none when it needs none). */
async function credentialLoaded(tenant: Tenant): Promise<boolean | null> {
  const kind = tax.use(tenant.country).profile.credential
  if (kind === 'certificate') {
    return (await Certificate.query().where('is_current', true).select('id').first()) !== null
  }
  if (kind === 'pac_tokens') {
    return (await PacCredential.query().where('environment', 'test').select('id').first()) !== null
  }
  return null
}

/** The steps in order, run inside the company's context. A country needing no credential skips that step. */
export async function onboardingSteps(tenant: Tenant): Promise<OnboardingStep[]> {
  const [credential, customer, authorized] = await Promise.all([
    credentialLoaded(tenant),
    Customer.query().select('id').first(),
    Document.query()
      .where('environment', 'test')
      .where('status', 'AUTHORIZED')
      .select('id')
      .first(),
  ])
  const steps: OnboardingStep[] = [
    {
      key: 'company',
      label: 'company',
      done: companyComplete(tenant),
      href: '/app/settings/company',
    },
  ]
  if (credential !== null) {
    steps.push({
      key: 'credential',
      label: `credential_${tax.use(tenant.country).profile.credential}`,
      done: credential,
      href: '/app/settings/certificates',
    })
  }
  steps.push(
    {
      key: 'customer',
      label: 'customer',
      done: customer !== null,
      href: '/app/customers/create',
    },
    // A company already in production has gone past its test invoice.
    {
      key: 'test_invoice',
      label: 'test_invoice',
      done: authorized !== null || tenant.authorityEnvironment === 'production',
      href: '/app/documents/create',
    },
    {
      key: 'production',
      label: 'production',
      done: tenant.authorityEnvironment === 'production',
      href: '/app/settings/production',
    }
  )
  return steps
}
