import type { HttpContext } from '@adonisjs/core/http'
import type { StripeService } from '#billing/stripe/stripe_service'
import Plan from '#billing/models/plan'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { audit } from '#accounts/audit/audit_service'
import { billingAccountOf } from '#billing/billing_account'
import { hasLiveSubscription } from '#billing/actions/checkout'
import { changePlan } from '#billing/actions/change_plan'
import { assertPlanFits } from '#billing/usage/limits'
import { AdminException } from '#admin/errors'
import { withLockedCompany } from '#admin/actions/lock_company'

/**
 * Moves a company to another plan from the console. A company paying
 * through Stripe has its subscription moved to the plan's price (the same
 * path as the owner's own change, so Stripe and Facturo agree); any other
 * company (trial, comped, invoiced by hand) gets the plan directly. Either
 * way the plan must fit what the company already uses, and the reason is
 * audited in the company's log.
 */
export async function changeCompanyPlan(
  ctx: HttpContext,
  stripe: StripeService,
  tenantId: number,
  input: { plan: string; reason: string }
) {
  const tenant = await Tenant.findOrFail(tenantId)
  // Retired plans keep their subscribers but take no new ones.
  const plan = await Plan.query().where('code', input.plan).where('is_active', true).first()
  if (!plan) throw new AdminException('admin.errors.unknown_plan')
  if (plan.code === tenant.planCode) throw new AdminException('admin.errors.same_plan')
  const from = tenant.planCode
  const account = await tenantContext.run(tenant, () => billingAccountOf(tenant))
  const details = {
    tenantId,
    entity: 'tenant' as const,
    entityId: tenantId,
    before: { plan: from },
    after: { plan: plan.code, reason: input.reason },
  }

  if (hasLiveSubscription(account) && !plan.isTrial) {
    await tenantContext.run(tenant, () =>
      changePlan(stripe.clientOrFail(), tenant, plan, { userId: ctx.auth.user!.id, tenantId })
    )
    await audit.record(ctx, 'admin.company_plan_changed', {
      ...details,
      after: { ...details.after, through: 'stripe' },
    })
    return plan
  }
  await audit.transaction(ctx, async (trx, record) => {
    await withLockedCompany(trx, tenantId, async ({ tenant: locked }) => {
      await assertPlanFits(plan)
      locked.planCode = plan.code
      await locked.save()
      await record('admin.company_plan_changed', details)
    })
  })
  return plan
}
