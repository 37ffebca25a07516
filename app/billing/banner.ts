import { DateTime } from 'luxon'
import type Tenant from '#tenancy/models/tenant'
import type Membership from '#accounts/models/membership'
import { roleAllows } from '#accounts/roles'
import { tenantContext } from '#tenancy/tenant_context'
import { clock } from '#core/clock'
import db from '@adonisjs/lucid/services/db'
import BillingAccount, { type SuspendedReason } from '#billing/models/billing_account'
import { periodStart } from '#billing/usage/period'

/**
 * The billing banner on every company page (AppLayout): why issuing is
 * blocked and how to fix it, a failed payment's grace period, the days
 * left of the trial, or the month's document limit reached.
 */
export interface BillingBannerDto {
  kind: 'suspended' | 'cancelled' | 'past_due' | 'trial' | 'documents_limit'
  reason: SuspendedReason | null
  /** Grace end (past_due). */
  date: string | null
  /** Whole days left of the trial. */
  days: number | null
  /** The month's document limit (documents_limit). */
  limit: number | null
  /** The reader can open the billing page (owners). */
  canManage: boolean
  /** Why the platform suspended the company (reason `platform`), as the console wrote it. */
  note: string | null
}

export function billingBanner(tenant: Tenant, membership: Membership | undefined) {
  // Error pages render after the request left the tenant context.
  return tenantContext.run(tenant, () => bannerFor(tenant, membership))
}

async function bannerFor(
  tenant: Tenant,
  membership: Membership | undefined
): Promise<BillingBannerDto | null> {
  const canManage = !!membership && roleAllows(membership.role, 'billing.manage')
  const base = { reason: null, date: null, days: null, limit: null, canManage, note: null }
  if (tenant.status === 'CANCELLED') return { ...base, kind: 'cancelled' }
  // Every page renders this: reads only, and only what the status needs.
  const account = ['SUSPENDED', 'PAST_DUE', 'TRIAL'].includes(tenant.status)
    ? await BillingAccount.query().where('tenant_id', tenant.id).first()
    : null
  if (tenant.status === 'SUSPENDED') {
    return {
      ...base,
      kind: 'suspended',
      reason: account?.suspendedReason ?? 'platform',
      note: account?.suspensionNote ?? null,
    }
  }
  if (tenant.status === 'PAST_DUE') {
    return { ...base, kind: 'past_due', date: account?.graceEndsAt?.toISO() ?? null }
  }
  const month = await db
    .from('tenants as t')
    .join('plans as p', 'p.code', 't.plan_code')
    .leftJoin('usage_periods as u', (join) => {
      join
        .on('u.tenant_id', 't.id')
        .andOnVal('u.period_start', periodStart(tenant.country, clock.now()))
    })
    .where('t.id', tenant.id)
    .select('p.documents_per_month as maximum', 'u.documents_issued as used')
    .first()
  if (month?.maximum !== null && month?.maximum !== undefined) {
    if (Number(month.used ?? 0) >= Number(month.maximum)) {
      return { ...base, kind: 'documents_limit', limit: Number(month.maximum) }
    }
  }
  if (tenant.status === 'TRIAL' && account?.trialEndsAt) {
    const now = DateTime.fromJSDate(clock.now())
    const days = Math.max(0, Math.ceil(account.trialEndsAt.diff(now, 'days').days))
    return { ...base, kind: 'trial', days }
  }
  return null
}
