import type { HttpContext } from '@adonisjs/core/http'
import Plan from '#billing/models/plan'
import { audit, auditChanges, auditFields } from '#accounts/audit/audit_service'
import { AdminException } from '#admin/errors'
import type { PlanInput } from '#admin/validators'

/** Key order is not content: jsonb hands objects back with its own key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])])
    )
  }
  return value
}

function snapshot(plan: Plan) {
  return sortedKeys(auditFields(plan)) as Record<string, unknown>
}

function attributes(input: PlanInput) {
  return {
    name: { es: input.nameEs, en: input.nameEn },
    description: { es: input.descriptionEs ?? '', en: input.descriptionEn ?? '' },
    priceMonthly: input.priceMonthly.toFixed(2),
    stripePriceId: input.stripePriceId ?? null,
    // Empty means "no limit" (custom plans).
    documentsPerMonth: input.documentsPerMonth ?? null,
    establishments: input.establishments ?? null,
    users: input.users ?? null,
    apiAccess: input.apiAccess ?? false,
    isPublic: input.isPublic ?? false,
    sortOrder: input.sortOrder ?? 0,
  }
}

async function assertFree(field: 'code' | 'stripe_price_id', value: string | null, id?: number) {
  if (!value) return
  const query = Plan.query().where(field, value)
  if (id) query.whereNot('id', id)
  if (await query.first()) throw new AdminException(`admin.errors.plan_${field}_taken`)
}

/** Creates a plan from the console; audited with the reason. */
export async function createPlan(ctx: HttpContext, input: PlanInput) {
  await assertFree('code', input.code)
  await assertFree('stripe_price_id', input.stripePriceId ?? null)
  return audit.transaction(ctx, async (trx, record) => {
    const plan = new Plan()
    plan.useTransaction(trx)
    plan.fill({
      code: input.code,
      currency: 'USD',
      isTrial: false,
      isActive: true,
      ...attributes(input),
    })
    plan.features = []
    plan.supportLevel = 'email'
    await plan.save()
    await record('admin.plan_created', {
      tenantId: null,
      entity: 'plan',
      entityId: plan.id,
      after: { ...auditFields(plan), reason: input.reason },
    })
    return plan
  })
}

/**
 * Edits a plan. Its code stays (companies and Stripe metadata refer to
 * it); a new price applies to companies that subscribe or change plan
 * afterwards, through the Stripe price id given here.
 */
export async function updatePlan(ctx: HttpContext, id: number, input: PlanInput) {
  await assertFree('stripe_price_id', input.stripePriceId ?? null, id)
  return audit.transaction(ctx, async (trx, record) => {
    const plan = await Plan.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
    if (input.code !== plan.code) throw new AdminException('admin.errors.plan_code_fixed')
    const before = snapshot(plan)
    plan.merge(attributes(input))
    await plan.save()
    const changes = auditChanges(before, snapshot(plan))
    await record('admin.plan_updated', {
      tenantId: null,
      entity: 'plan',
      entityId: plan.id,
      before: changes?.before ?? {},
      after: { ...(changes?.after ?? {}), reason: input.reason },
    })
    return plan
  })
}

/**
 * Retires a plan: no longer for sale nor offered in the console, while the
 * companies on it keep it (and their subscription) until they change.
 */
export async function retirePlan(ctx: HttpContext, id: number, reason: string) {
  return audit.transaction(ctx, async (trx, record) => {
    const plan = await Plan.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
    if (plan.isTrial) throw new AdminException('admin.errors.trial_plan_kept')
    if (!plan.isActive) throw new AdminException('admin.errors.plan_already_retired')
    plan.isActive = false
    plan.isPublic = false
    await plan.save()
    const subscribers = await trx.from('tenants').where('plan_code', plan.code).count('* as count')
    await record('admin.plan_retired', {
      tenantId: null,
      entity: 'plan',
      entityId: plan.id,
      before: { isActive: true },
      after: { isActive: false, subscribers: Number(subscribers[0].count), reason },
    })
    return plan
  })
}
