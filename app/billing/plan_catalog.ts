/**
 * The plans Facturo sells, with their seed figures (monthly price in USD and
 * limits). The billing module persists them as rows; the landing page and the
 * seeders read this list.
 */
export interface PlanDefinition {
  code: 'basico' | 'profesional' | 'empresarial'
  priceMonthly: string
  documentsPerMonth: number
  establishments: number
  users: number
  apiAccess: boolean
}

export const PLAN_CATALOG: readonly PlanDefinition[] = [
  {
    code: 'basico',
    priceMonthly: '29.00',
    documentsPerMonth: 100,
    establishments: 1,
    users: 2,
    apiAccess: false,
  },
  {
    code: 'profesional',
    priceMonthly: '59.00',
    documentsPerMonth: 500,
    establishments: 3,
    users: 5,
    apiAccess: false,
  },
  {
    code: 'empresarial',
    priceMonthly: '119.00',
    documentsPerMonth: 2000,
    establishments: 10,
    users: 20,
    apiAccess: true,
  },
]
