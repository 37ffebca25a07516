import { shownCurrency } from '#core/country_words'
import type Tenant from '#tenancy/models/tenant'
import tax from '#adapters/core/services/tax'
import type { CountryRules } from '#adapters/core/types'
import { parsePeriod } from '#reports/period'
import { companyToday, formatLocale } from '#reports/company_calendar'
import { salesByCustomer, salesByPoint, salesTotals, taxRows } from '#reports/queries/period_report'
import { groupTaxes } from '#reports/tax_groups'
import type { PeriodReportDto } from '#reports/dtos/report_dtos'

/**
 * The sales and taxes report of a period for the company in context: the
 * same figures feed the page and the CSV/XLSX files.
 */
export default class BuildPeriodReport {
  async handle(
    tenant: Tenant,
    qs: Record<string, unknown>,
    locale: string
  ): Promise<PeriodReportDto> {
    const { period, error } = parsePeriod(qs, companyToday(tenant))
    const scope = { environment: tenant.authorityEnvironment, from: period.from, to: period.to }
    const rules: CountryRules = tax.use(tenant.country)
    const language = locale === 'en' ? 'en' : 'es'
    const [totals, rows, byCustomer, byPoint] = await Promise.all([
      salesTotals(scope),
      taxRows(scope),
      salesByCustomer(scope),
      salesByPoint(scope),
    ])
    return {
      period,
      periodError: error,
      environment: tenant.authorityEnvironment,
      format: {
        locale: formatLocale(language, tenant),
        currency: shownCurrency(tenant.country, tenant.currency),
      },
      totals,
      taxes: groupTaxes(rows, rules.taxCategories(), language, rules.declarationMapping?.()),
      byCustomer,
      byPoint,
    }
  }
}
