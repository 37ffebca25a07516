import type Plan from '#billing/models/plan'
import type { SupportLevel } from '#billing/models/plan'

/** A plan as the landing page and the billing page show it, in the reader's language. */
export interface PlanDto {
  code: string
  name: string
  description: string
  priceMonthly: string
  currency: string
  limits: {
    /** null: no limit. */
    documentsPerMonth: number | null
    establishments: number | null
    users: number | null
    apiAccess: boolean
  }
  supportLevel: SupportLevel
  features: string[]
  isTrial: boolean
}

export function toPlanDto(plan: Plan, locale: string): PlanDto {
  const english = locale === 'en'
  return {
    code: plan.code,
    name: english ? plan.name.en : plan.name.es,
    description: english ? plan.description.en : plan.description.es,
    priceMonthly: plan.priceMonthly,
    currency: plan.currency,
    limits: plan.limits,
    supportLevel: plan.supportLevel,
    features: plan.features.map((feature) => (english ? feature.en : feature.es)),
    isTrial: plan.isTrial,
  }
}
