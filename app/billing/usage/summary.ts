import type Tenant from '#tenancy/models/tenant'
import UsagePeriod from '#billing/models/usage_period'
import type Plan from '#billing/models/plan'
import { clock } from '#core/clock'
import { periodStart } from '#billing/usage/period'
import { planOf } from '#billing/usage/plan_of'
import { countActiveEstablishments, countActiveMembers } from '#billing/usage/limits'
import type { LimitKind } from '#billing/models/limit_alert'

export interface UsageLine {
  used: number
  /** null: no limit. */
  limit: number | null
}

export interface UsageSummary {
  plan: Plan
  /** First day of the current month (company time zone). */
  period: string
  usage: Record<LimitKind, UsageLine>
}

/** Documents issued in the current month. Runs in the company's tenant context. */
export async function documentsThisMonth(tenant: Tenant, now: Date = clock.now()) {
  const row = await UsagePeriod.query()
    .where('tenant_id', tenant.id)
    .where('period_start', periodStart(tenant.country, now))
    .select('documents_issued')
    .first()
  return row?.documentsIssued ?? 0
}

/**
 * What the company uses against each limit of its plan, right now: the
 * month's documents (metered) and the active establishments and users
 * (counted live). Runs in the company's tenant context.
 */
export async function usageSummary(tenant: Tenant, now: Date = clock.now()): Promise<UsageSummary> {
  const plan = await planOf(tenant.id)
  // One after the other: callers may run inside a transaction (one connection).
  const documents = await documentsThisMonth(tenant, now)
  const establishments = await countActiveEstablishments()
  const users = await countActiveMembers()
  return {
    plan,
    period: periodStart(tenant.country, now),
    usage: {
      documents: { used: documents, limit: plan.documentsPerMonth },
      establishments: { used: establishments, limit: plan.establishments },
      users: { used: users, limit: plan.users },
    },
  }
}
