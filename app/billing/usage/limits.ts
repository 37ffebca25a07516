/*
|--------------------------------------------------------------------------
| Live limits: establishments and users
|--------------------------------------------------------------------------
|
| Establishments and users are counted live (active rows now), not per
| month. A check and the write it guards must not race: two admins adding
| the last establishment at once would both see room. So each check takes
| a transaction-scoped advisory lock per company and resource first; the
| second request waits, then counts the first one's row.
|
*/
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { LucidModel, LucidRow, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Establishment from '#catalog/models/establishment'
import Membership from '#accounts/models/membership'
import Invitation from '#accounts/models/invitation'
import { tenantContext } from '#tenancy/tenant_context'
import { BillingException, PlanLimitException } from '#billing/errors'
import type Plan from '#billing/models/plan'
import { planOf } from '#billing/usage/plan_of'
import { reachesThreshold } from '#billing/usage/meter'

/**
 * After the transaction that adds the establishment or member commits:
 * when it brings the count to 80 % or 100 % of the limit, the plan-limit
 * alerts are queued (as for documents).
 */
function alertWhenReached(
  trx: TransactionClientContract,
  tenantId: number,
  after: number,
  maximum: number
) {
  if (!reachesThreshold(after, maximum)) return
  trx.after('commit', async () => {
    try {
      const { queueLimitAlerts } = await import('#billing/jobs/limit_alerts_job')
      await queueLimitAlerts(tenantId)
    } catch (error) {
      logger.warn({ err: (error as Error).message, tenantId }, 'limit alert not queued')
    }
  })
}

async function lock(trx: TransactionClientContract, resource: string, tenantId: number) {
  await trx.rawQuery('select pg_advisory_xact_lock(hashtext(?), ?)', [
    `facturo:limit:${resource}`,
    tenantId,
  ])
}

async function count(query: ModelQueryBuilderContract<LucidModel, LucidRow>) {
  const rows = await query.count('* as total')
  return Number(rows[0].$extras.total)
}

/** Active establishments of the current company. */
export function countActiveEstablishments(trx?: TransactionClientContract) {
  return count(Establishment.query(trx ? { client: trx } : {}).where('is_active', true))
}

/** Active members of the current company. */
export function countActiveMembers(trx?: TransactionClientContract) {
  return count(Membership.query(trx ? { client: trx } : {}).where('is_active', true))
}

/** E-mail invitations of the current company that can still be accepted (reserved seats). */
export function countOpenEmailInvitations(trx?: TransactionClientContract) {
  return count(
    Invitation.query(trx ? { client: trx } : {})
      .where('kind', 'email')
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', new Date())
  )
}

/**
 * Inside `trx`, before an establishment is created or reactivated in the
 * current company: throws PlanLimitException when the plan's limit is
 * already used.
 */
export async function assertCanAddEstablishment(trx: TransactionClientContract) {
  const tenant = tenantContext.currentOrFail()
  await lock(trx, 'establishments', tenant.id)
  const plan = await planOf(tenant.id, trx)
  if (plan.establishments === null) return
  const used = await countActiveEstablishments(trx)
  if (used >= plan.establishments) {
    throw new PlanLimitException('establishments', {
      used,
      maximum: plan.establishments,
      planName: plan.name,
    })
  }
  alertWhenReached(trx, tenant.id, used + 1, plan.establishments)
}

/**
 * Inside `trx`, before someone becomes an active member of the current
 * company (joining with an invitation or the organisation's join code, or
 * being reactivated): throws PlanLimitException when every seat is taken.
 * With `reservePending`, open e-mail invitations count as taken seats too
 * (used when inviting, so a two-seat plan cannot send five invitations).
 */
export async function assertSeatAvailable(
  trx: TransactionClientContract,
  options: { reservePending?: boolean } = {}
) {
  const tenant = tenantContext.currentOrFail()
  await lock(trx, 'users', tenant.id)
  const plan = await planOf(tenant.id, trx)
  if (plan.users === null) return
  let used = await countActiveMembers(trx)
  if (options.reservePending) used += await countOpenEmailInvitations(trx)
  if (used >= plan.users) {
    throw new PlanLimitException('users', { used, maximum: plan.users, planName: plan.name })
  }
  alertWhenReached(trx, tenant.id, used + 1, plan.users)
}

/**
 * Before the company moves to `plan` (Checkout from the trial, or a plan
 * change): a smaller plan must still hold what the company has now, so it
 * deactivates establishments or members first. Documents are not checked:
 * the new monthly limit simply applies to what is left of the month.
 */
export async function assertPlanFits(plan: Plan) {
  const checks = [
    {
      kind: 'establishments',
      used: await countActiveEstablishments(),
      maximum: plan.establishments,
    },
    { kind: 'users', used: await countActiveMembers(), maximum: plan.users },
  ]
  for (const check of checks) {
    if (check.maximum !== null && check.used > check.maximum) {
      throw new BillingException(`billing.errors.downgrade_${check.kind}`, {
        used: check.used,
        maximum: check.maximum,
      })
    }
  }
}
