import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import type Tenant from '#tenancy/models/tenant'
import { planOf } from '#billing/usage/plan_of'
import { BILLING_PAGE } from '#billing/errors'
import type { LocalizedText } from '#billing/models/plan'

/**
 * The company's plan does not include the REST API: 403 with a message
 * that names the plan and where to change it.
 */
export class ApiAccessException extends Exception {
  static status = 403
  static code = 'E_PLAN_NO_API'

  constructor(readonly planName: LocalizedText) {
    super(`The ${planName.en} plan does not include API access`)
  }

  async handle(error: ApiAccessException, ctx: HttpContext) {
    const plan = ctx.i18n.locale === 'en' ? error.planName.en : error.planName.es
    return ctx.response.status(403).send({
      errors: [
        { field: '', message: ctx.i18n.t('billing.limits.api', { plan }), rule: 'plan_api' },
      ],
      upgradeUrl: BILLING_PAGE,
    })
  }
}

/** True when the company's plan includes the REST API. */
export async function hasApiAccess(tenant: Pick<Tenant, 'id'>) {
  const plan = await planOf(tenant.id)
  return plan.apiAccess
}

/** Throws ApiAccessException unless the company's plan includes the REST API. */
export async function ensureApiAccess(tenant: Pick<Tenant, 'id'>) {
  const plan = await planOf(tenant.id)
  if (!plan.apiAccess) throw new ApiAccessException(plan.name)
}
