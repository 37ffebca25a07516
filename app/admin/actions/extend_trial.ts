import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import { clock } from '#core/clock'
import { AdminException } from '#admin/errors'
import { withLockedCompany } from '#admin/actions/lock_company'

/**
 * Gives a company more trial days from the console: from the trial's end,
 * or from today when it already ended. A company the billing watch
 * suspended because its trial ended is back in TRIAL at once.
 */
export async function extendTrial(
  ctx: HttpContext,
  tenantId: number,
  input: { days: number; reason: string }
) {
  return audit.transaction(ctx, async (trx, record) => {
    return withLockedCompany(trx, tenantId, async ({ tenant, account }) => {
      const endedTrial = tenant.status === 'SUSPENDED' && account.suspendedReason === 'trial_ended'
      if (tenant.status !== 'TRIAL' && !endedTrial) {
        throw new AdminException('admin.errors.not_in_trial')
      }
      const now = DateTime.fromJSDate(clock.now())
      const before = { status: tenant.status, trialEndsAt: account.trialEndsAt?.toISO() ?? null }
      const from = account.trialEndsAt && account.trialEndsAt > now ? account.trialEndsAt : now
      account.trialEndsAt = from.plus({ days: input.days })
      if (endedTrial) {
        account.suspendedReason = null
        tenant.status = 'TRIAL'
        await tenant.save()
      }
      await account.save()
      await record('admin.trial_extended', {
        tenantId,
        entity: 'tenant',
        entityId: tenantId,
        before,
        after: {
          status: tenant.status,
          trialEndsAt: account.trialEndsAt.toISO(),
          days: input.days,
          reason: input.reason,
        },
      })
      return account.trialEndsAt
    })
  })
}
