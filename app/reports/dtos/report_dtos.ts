import type { Period } from '#reports/period'
import type { GroupRow, SalesTotals } from '#reports/queries/period_report'
import type { ActionDocument, MonthSales, StatusCount } from '#reports/queries/dashboard'
import type { TaxReport } from '#reports/tax_groups'

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
  /** True when the company has no document at all in this environment. */
  empty: boolean
}
