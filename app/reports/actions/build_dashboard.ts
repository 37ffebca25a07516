import { shownCurrency } from '#core/country_words'
import type { HttpContext } from '@adonisjs/core/http'
import { companyToday, formatLocale } from '#reports/company_calendar'
import {
  documentsNeedingAction,
  salesPerMonth,
  statusCounts,
  topCustomers,
  topProducts,
} from '#reports/queries/dashboard'
import { credentialStatus, planUsage } from '#reports/queries/company_standing'
import { quotaSummary } from '#certificates/quota/quota_summary'
import type { DashboardDto } from '#reports/dtos/report_dtos'
import { onboardingSteps } from '#settings/onboarding'
import { ROLE_PERMISSIONS } from '#accounts/roles'

/**
 * The company home: this and last month, twelve months of sales, status
 * mix, top buyers and products, the signing credential, the plan's
 * usage and, where the country counts them, the folios left.
 */
export default class BuildDashboard {
  async handle({ tenant, membership, auth, i18n }: HttpContext): Promise<DashboardDto> {
    const company = tenant!
    const today = companyToday(company)
    const first = today.startOf('month').minus({ months: 11 })
    const months = Array.from({ length: 12 }, (_, index) =>
      first.plus({ months: index }).toFormat('yyyy-MM')
    )
    const environment = company.authorityEnvironment
    const year = { environment, from: first.toISODate()!, to: today.endOf('month').toISODate()! }
    const guidesOnboarding = ROLE_PERMISSIONS[membership!.role].includes('settings.manage')
    const [
      perMonth,
      statuses,
      needingAction,
      customers,
      products,
      credential,
      usage,
      quota,
      steps,
    ] = await Promise.all([
      salesPerMonth(year, months),
      statusCounts(environment),
      documentsNeedingAction(environment),
      topCustomers(year),
      topProducts(year),
      credentialStatus(company),
      planUsage(company, i18n.locale),
      quotaSummary(company, i18n.locale),
      guidesOnboarding ? onboardingSteps(company) : null,
    ])
    return {
      company: {
        tradeName: company.tradeName,
        legalName: company.legalName,
        taxId: company.displayTaxId,
        country: company.country,
        status: company.status,
        environment,
        plan: company.planCode,
      },
      role: membership!.role,
      emailVerified: auth.user!.emailVerifiedAt !== null,
      format: {
        locale: formatLocale(i18n.locale, company),
        currency: shownCurrency(company.country, company.currency),
      },
      thisMonth: perMonth[11],
      lastMonth: perMonth[10],
      months: perMonth,
      statuses,
      needingAction,
      topCustomers: customers,
      topProducts: products,
      credential,
      usage,
      quota,
      onboarding: steps && steps.some((step) => !step.done) ? steps : null,
      empty: statuses.every((item) => item.count === 0),
    }
  }
}
