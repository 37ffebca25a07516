/*
|--------------------------------------------------------------------------
| What the company can issue with: signing credential and plan usage
|--------------------------------------------------------------------------
|
| The dashboard's two status cards. Which credential a company needs comes
| from its country's adapter (`profile.credential`): local signing needs
| the company's certificate, signing by the authority's side (a PAC) needs
| its tokens for the environment the company issues in. No country is named
| here. Usage is the billing module's own summary
| (documents metered this month against the plan's limit).
|
*/
import tax from '#adapters/core/services/tax'
import Certificate from '#certificates/models/certificate'
import PacCredential from '#certificates/models/pac_credential'
import { EXPIRY_THRESHOLDS } from '#certificates/actions/watch_certificate_expiry'
import { clock, daysLeft } from '#certificates/clock'
import { documentsThisMonth } from '#billing/usage/summary'
import { planOf } from '#billing/usage/plan_of'
import { periodStart } from '#billing/usage/period'
import type Tenant from '#tenancy/models/tenant'
import type { CredentialKind } from '#adapters/core/types'

export type CredentialState = 'valid' | 'expiring' | 'expired' | 'missing'

export interface CredentialStatus {
  kind: CredentialKind
  state: CredentialState
  /** The environment the company issues in (the tokens are per environment). */
  environment: string
  /** Certificate: holder, end of validity and whole days left. */
  holderName: string | null
  validTo: string | null
  daysLeft: number | null
  /** Tokens: when they were last saved. */
  updatedAt: string | null
}

export interface PlanUsage {
  plan: string
  /** First day of the metered month (company calendar). */
  period: string
  used: number
  /** null: the plan has no monthly limit. */
  limit: number | null
}

/** Days before its end from which a certificate shows as expiring (the first expiry alert). */
const EXPIRING_DAYS = EXPIRY_THRESHOLDS[0]

/** The credential the country's adapter says a company needs (none without an adapter). */
function credentialKind(tenant: Tenant): CredentialKind {
  return tax.has(tenant.country) ? tax.use(tenant.country).profile.credential : 'none'
}

/** The company's signing credential, as its country's adapter needs it. Runs in its context. */
export async function credentialStatus(
  tenant: Tenant,
  now: Date = clock.now()
): Promise<CredentialStatus> {
  const kind = credentialKind(tenant)
  const status: CredentialStatus = {
    kind,
    state: 'missing',
    environment: tenant.authorityEnvironment,
    holderName: null,
    validTo: null,
    daysLeft: null,
    updatedAt: null,
  }
  if (kind === 'certificate') {
    const certificate = await Certificate.query().where('is_current', true).first()
    if (!certificate) return status
    const left = daysLeft(certificate.validTo.toJSDate(), now)
    return {
      ...status,
      state: left <= 0 ? 'expired' : left <= EXPIRING_DAYS ? 'expiring' : 'valid',
      holderName: certificate.holderName,
      validTo: certificate.validTo.toISO()!,
      daysLeft: Math.max(left, 0),
    }
  }
  if (kind === 'pac_tokens') {
    const tokens = await PacCredential.query()
      .where('environment', tenant.authorityEnvironment)
      .first()
    if (!tokens) return status
    return {
      ...status,
      state: 'valid',
      updatedAt: (tokens.updatedAt ?? tokens.createdAt).toISO()!,
    }
  }
  return status
}

/** Documents metered this month against the plan's monthly limit. Runs in the company's context. */
export async function planUsage(
  tenant: Tenant,
  locale: string,
  now: Date = clock.now()
): Promise<PlanUsage> {
  const [plan, used] = await Promise.all([planOf(tenant.id), documentsThisMonth(tenant, now)])
  return {
    plan: plan.localizedName(locale),
    period: periodStart(tenant.country, now),
    used,
    limit: plan.documentsPerMonth,
  }
}
