import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import Plan from '#billing/models/plan'
import { StripeService } from '#billing/stripe/stripe_service'
import { TENANT_STATUSES } from '#tenancy/models/tenant'
import tax from '#adapters/core/services/tax'
import { CREDENTIAL_STATES, searchCompanies } from '#admin/companies/queries'
import { companyDetail } from '#admin/companies/detail'
import {
  changePlanValidator,
  companyFiltersValidator,
  extendTrialValidator,
  reasonValidator,
} from '#admin/validators'
import { suspendCompany } from '#admin/actions/suspend_company'
import { reactivateCompany } from '#admin/actions/reactivate_company'
import { changeCompanyPlan } from '#admin/actions/change_company_plan'
import { extendTrial } from '#admin/actions/extend_trial'
import { resendOwnerAccess } from '#admin/actions/resend_owner_access'
import { withoutBlanks } from '#admin/http'

/** Console: companies (search, detail) and the actions on one company. */
@inject()
export default class CompaniesController {
  constructor(protected stripe: StripeService) {}

  async index({ inertia, request }: HttpContext) {
    const filters = await companyFiltersValidator.validate(withoutBlanks(request.qs()))
    const plans = await Plan.query().orderBy('sort_order').orderBy('id').select('code')
    return inertia.render('admin/companies/index', {
      ...(await searchCompanies(filters)),
      filters: {
        q: filters.q ?? '',
        country: filters.country ?? '',
        plan: filters.plan ?? '',
        status: filters.status ?? '',
        credential: filters.credential ?? '',
      },
      choices: {
        countries: tax.countries(),
        statuses: [...TENANT_STATUSES],
        credentials: [...CREDENTIAL_STATES],
        plans: plans.map((plan) => plan.code),
      },
    })
  }

  async show({ inertia, params, i18n }: HttpContext) {
    return inertia.render('admin/companies/show', {
      detail: await companyDetail(Number(params.id), i18n.locale),
    })
  }

  async suspend(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(reasonValidator)
    await suspendCompany(ctx, Number(ctx.params.id), reason)
    return this.#done(ctx, 'admin.flash.suspended')
  }

  async reactivate(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(reasonValidator)
    const status = await reactivateCompany(ctx, Number(ctx.params.id), reason)
    return this.#done(ctx, 'admin.flash.reactivated', { status })
  }

  async changePlan(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(changePlanValidator)
    const plan = await changeCompanyPlan(ctx, this.stripe, Number(ctx.params.id), input)
    return this.#done(ctx, 'admin.flash.plan_changed', { plan: plan.code })
  }

  async extendTrial(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(extendTrialValidator)
    const endsAt = await extendTrial(ctx, Number(ctx.params.id), input)
    return this.#done(ctx, 'admin.flash.trial_extended', { date: endsAt.toISODate() })
  }

  async resendOwnerAccess(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(reasonValidator)
    const sent = await resendOwnerAccess(ctx, Number(ctx.params.id), reason)
    return this.#done(ctx, 'admin.flash.owner_access_resent', sent)
  }

  #done({ session, i18n, response, params }: HttpContext, key: string, data = {}) {
    session.flash('success', i18n.t(key, data))
    return response.redirect().toRoute('admin.companies.show', { id: params.id })
  }
}
