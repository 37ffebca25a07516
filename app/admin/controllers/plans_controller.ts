import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Plan from '#billing/models/plan'
import { planValidator, reasonValidator } from '#admin/validators'
import { createPlan, retirePlan, updatePlan } from '#admin/actions/save_plan'
import { acrossCompanies } from '#admin/platform'

/** A plan as the console edits it (both languages, limits, Stripe price). */
function toPlanFormDto(plan: Plan) {
  return {
    id: plan.id,
    code: plan.code,
    nameEs: plan.name.es,
    nameEn: plan.name.en,
    descriptionEs: plan.description.es,
    descriptionEn: plan.description.en,
    priceMonthly: plan.priceMonthly,
    currency: plan.currency,
    stripePriceId: plan.stripePriceId,
    documentsPerMonth: plan.documentsPerMonth,
    establishments: plan.establishments,
    users: plan.users,
    apiAccess: plan.apiAccess,
    isPublic: plan.isPublic,
    isActive: plan.isActive,
    isTrial: plan.isTrial,
    sortOrder: plan.sortOrder,
  }
}
export type PlanFormDto = ReturnType<typeof toPlanFormDto>

/** Console: plans (create, edit, retire), each change audited. */
export default class PlansController {
  async index({ inertia }: HttpContext) {
    const plans = await Plan.query()
      .orderBy('is_active', 'desc')
      .orderBy('sort_order')
      .orderBy('id')
    const counts = await acrossCompanies('companies on each plan', () =>
      db.from('tenants').select('plan_code').count('* as count').groupBy('plan_code')
    )
    return inertia.render('admin/plans/index', {
      plans: plans.map((plan) => ({
        ...toPlanFormDto(plan),
        companies: Number(counts.find((row) => row.plan_code === plan.code)?.count ?? 0),
      })),
    })
  }

  async create({ inertia }: HttpContext) {
    return inertia.render('admin/plans/form', { plan: null })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(planValidator)
    const plan = await createPlan(ctx, input)
    ctx.session.flash('success', ctx.i18n.t('admin.flash.plan_saved', { plan: plan.code }))
    return ctx.response.redirect().toRoute('admin.plans.index')
  }

  async edit({ inertia, params }: HttpContext) {
    const plan = await Plan.findOrFail(params.id)
    return inertia.render('admin/plans/form', { plan: toPlanFormDto(plan) })
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(planValidator)
    const plan = await updatePlan(ctx, Number(ctx.params.id), input)
    ctx.session.flash('success', ctx.i18n.t('admin.flash.plan_saved', { plan: plan.code }))
    return ctx.response.redirect().toRoute('admin.plans.index')
  }

  async retire(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(reasonValidator)
    const plan = await retirePlan(ctx, Number(ctx.params.id), reason)
    ctx.session.flash('success', ctx.i18n.t('admin.flash.plan_retired', { plan: plan.code }))
    return ctx.response.redirect().toRoute('admin.plans.index')
  }
}
