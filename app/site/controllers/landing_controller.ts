import type { HttpContext } from '@adonisjs/core/http'
import { PLAN_CATALOG } from '#billing/plan_catalog'

export default class LandingController {
  async show({ inertia }: HttpContext) {
    return inertia.render('site/landing', {
      plans: PLAN_CATALOG.map((plan) => ({ code: plan.code, priceMonthly: plan.priceMonthly })),
    })
  }
}
