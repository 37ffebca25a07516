import type { OnboardingStep } from '#settings/onboarding'
import type { Period } from '#reports/period'
import type { GroupRow, SalesTotals } from '#reports/queries/period_report'
import type { ActionDocument, MonthSales, StatusCount } from '#reports/queries/dashboard'
import type { TaxReport } from '#reports/tax_groups'
import type { CredentialStatus, PlanUsage } from '#reports/queries/company_standing'
import type { QuotaDto } from '#certificates/quota/quota_summary'

/** How a page formats numbers and money for this company. */
export interface FormatDto {
  /** BCP 47 tag ('es-EC'). */
  locale: string
  currency: string
}

export interface PeriodReportDto {
  period: Period
  periodError: string | null
  environment: string
  format: FormatDto
  totals: SalesTotals
  taxes: TaxReport
  byCustomer: GroupRow[]
  byPoint: GroupRow[]
}

export interface DashboardDto {
  company: {
    tradeName: string
    legalName: string
    taxId: string
    country: string
    status: string
    environment: string
    plan: string
  }
  role: string
  emailVerified: boolean
  format: FormatDto
  thisMonth: MonthSales
  lastMonth: MonthSales
  months: MonthSales[]
  statuses: StatusCount[]
  needingAction: ActionDocument[]
  topCustomers: GroupRow[]
  topProducts: GroupRow[]
  /** The signing credential the company's country needs, and its state. */
  credential: CredentialStatus
  /** Documents this month against the plan's limit. */
  usage: PlanUsage
  /** The folios left with the PAC, for a country that counts them; null otherwise. */
  quota: QuotaDto | null
  /** The onboarding steps, for owners and admins until every one is done; null otherwise. */
  onboarding: OnboardingStep[] | null
  /** True when the company has no document at all in this environment. */
  empty: boolean
}
