import type { HttpContext } from '@adonisjs/core/http'
import type { TenantStatus } from '#tenancy/models/tenant'
import type BillingAccount from '#billing/models/billing_account'
import { audit } from '#accounts/audit/audit_service'
import { clock } from '#core/clock'
import { AdminException } from '#admin/errors'
import { withLockedCompany } from '#admin/actions/lock_company'

/**
 * The status a suspended company goes back to, from what Stripe last said
 * of its subscription: paying → ACTIVE, a failed charge → PAST_DUE (its
 * grace period applies again), no subscription but trial time left →
 * TRIAL. Otherwise ACTIVE: lifting a suspension by hand is the operator's
 * decision, and the billing watch still acts on later events.
 */
function statusAfterSuspension(account: BillingAccount): TenantStatus {
  if (account.subscriptionStatus === 'active' || account.subscriptionStatus === 'trialing') {
    return 'ACTIVE'
  }
  if (account.subscriptionStatus === 'past_due' || account.subscriptionStatus === 'unpaid') {
    return 'PAST_DUE'
  }
  if (account.trialEndsAt && account.trialEndsAt.toJSDate() > clock.now()) return 'TRIAL'
  return 'ACTIVE'
}

/** Lifts a suspension (the platform's or billing's) from the console, with the reason audited. */
export async function reactivateCompany(ctx: HttpContext, tenantId: number, reason: string) {
  return audit.transaction(ctx, async (trx, record) => {
    return withLockedCompany(trx, tenantId, async ({ tenant, account }) => {
      if (tenant.status !== 'SUSPENDED') {
        throw new AdminException('admin.errors.not_suspended')
      }
      const next = statusAfterSuspension(account)
      const before = { status: tenant.status, suspendedReason: account.suspendedReason }
      tenant.status = next
      await tenant.save()
      account.suspendedReason = null
      account.suspensionNote = null
      await account.save()
      await record('admin.company_reactivated', {
        tenantId,
        entity: 'tenant',
        entityId: tenantId,
        before,
        after: { status: next, reason },
      })
      return next
    })
  })
}
