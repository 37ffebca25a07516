import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import type Tenant from '#tenancy/models/tenant'

/**
 * Where a day starts for a company: its country's time zone as the adapter
 * declares it (`profile.timeZone`), UTC for a country no adapter registers.
 */
export function companyZone(tenant: Pick<Tenant, 'country'>): string {
  return tax.has(tenant.country) ? tax.use(tenant.country).profile.timeZone : 'UTC'
}

/** The company's current day, as a UTC-dated DateTime (date arithmetic only). */
export function companyToday(tenant: Pick<Tenant, 'country'>, now: DateTime = DateTime.now()) {
  const local = now.setZone(companyZone(tenant))
  return DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day },
    { zone: 'UTC' }
  )
}

/**
 * The BCP 47 tag numbers and dates are formatted with: the member's
 * language with the company's country as region ('es-EC', 'es-PA',
 * 'en-EC'), so separators follow the country's custom.
 */
export function formatLocale(language: string, tenant: Pick<Tenant, 'country'>): string {
  const lang = language === 'en' ? 'en' : 'es'
  return `${lang}-${tenant.country}`
}
