import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import { AdminException } from '#admin/errors'
import { withLockedCompany } from '#admin/actions/lock_company'

/**
 * Suspends a company from the console. Issuing stops at once (the issue
 * path refuses SUSPENDED companies) and the company's banner shows the
 * reason given here. The billing reason `platform` keeps Stripe's events
 * from lifting it: only a reactivation from the console does.
 */
export async function suspendCompany(ctx: HttpContext, tenantId: number, reason: string) {
  await audit.transaction(ctx, async (trx, record) => {
    return withLockedCompany(trx, tenantId, async ({ tenant, account }) => {
      if (tenant.status === 'SUSPENDED' || tenant.status === 'CANCELLED') {
        throw new AdminException('admin.errors.cannot_suspend', { status: tenant.status })
      }
      const before = { status: tenant.status }
      tenant.status = 'SUSPENDED'
      await tenant.save()
      account.suspendedReason = 'platform'
      account.suspensionNote = reason
      await account.save()
      await record('admin.company_suspended', {
        tenantId,
        entity: 'tenant',
        entityId: tenantId,
        before,
        after: { status: 'SUSPENDED', reason },
      })
    })
  })
}
