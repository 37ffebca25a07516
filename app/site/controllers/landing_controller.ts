import type { HttpContext } from '@adonisjs/core/http'
import Plan from '#billing/models/plan'
import { toPlanDto } from '#billing/dtos/plan_dto'
import billingConfig from '#config/billing'

/** The public landing page; its plan cards are the plans for sale, from the database. */
export default class LandingController {
  async show({ inertia, i18n }: HttpContext) {
    const plans = await Plan.forSale()
    return inertia.render('site/landing', {
      plans: plans.map((plan) => toPlanDto(plan, i18n.locale)),
      trialDays: billingConfig.trialDays,
    })
  }
}
