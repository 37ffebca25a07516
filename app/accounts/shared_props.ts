import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import { countryWords, type CountryWords } from '#core/country_words'
import { ROLE_PERMISSIONS, type Permission, type Role } from '#accounts/roles'
import { navigationFor, type NavigationItem } from '#accounts/navigation'
import { activeMembershipsOf } from '#accounts/tenant_resolver'

/** The active company as pages see it. */
export interface TenantDto {
  id: number
  slug: string
  tradeName: string
  country: string
  status: string
  /**
   * The currency documents are issued in, the locale money is written with
   * and the currency whose symbol amounts in `currency` are shown with (the
   * country's adapter: Panama's dollars are written B/.).
   */
  money: { currency: string; locale: string; display: string }
  /** The country's words every page message may use (tax, document key, PDF, authority…). */
  words: CountryWords
  /** The country's tax authority, as pages name it ("SRI"). */
  authority: string
  /** The authority's environments with their labels in the request's language. */
  environments: Record<string, string>
  /** IANA time zone of the country's calendar, for times pages show. */
  timeZone: string
  /** The authority environment documents are issued in now (the header's badge). */
  environment: 'test' | 'production'
}

/** One entry of the company switcher. */
export interface MembershipDto {
  tenantId: number
  slug: string
  tradeName: string
  country: string
  role: Role
  current: boolean
}

export function sharedTenant(ctx: HttpContext): TenantDto | null {
  const tenant = ctx.tenant
  if (!tenant) return null
  return {
    id: tenant.id,
    slug: tenant.slug,
    tradeName: tenant.tradeName,
    country: tenant.country,
    status: tenant.status,
    environment: tenant.authorityEnvironment,
    ...countryOf(tenant.country, ctx.i18n?.locale === 'en' ? 'en' : 'es'),
    words: countryWords(tenant.country, ctx.i18n?.locale ?? 'es'),
  }
}

/** What pages show about the company's country, from its adapter's profile. */
function countryOf(country: string, locale: 'es' | 'en') {
  if (!tax.has(country)) {
    return {
      money: { currency: 'USD', locale: 'es', display: 'USD' },
      authority: country,
      environments: {},
      timeZone: 'UTC',
    }
  }
  const { currency, authorityName, environments, timeZone } = tax.use(country).profile
  return {
    money: {
      currency: currency.code,
      locale: currency.locale,
      display: currency.display ?? currency.code,
    },
    authority: authorityName,
    environments: Object.fromEntries(environments.map((item) => [item.code, item.label[locale]])),
    timeZone,
  }
}

export async function sharedMemberships(ctx: HttpContext): Promise<MembershipDto[]> {
  const user = ctx.auth?.user
  if (!ctx.tenant || !user) return []
  // A form or JSON request resolved its company without reading them all.
  ctx.memberships ??= await activeMembershipsOf(user.id)
  return ctx.memberships.map((membership) => ({
    tenantId: membership.tenantId,
    slug: membership.tenant.slug,
    tradeName: membership.tenant.tradeName,
    country: membership.tenant.country,
    role: membership.role,
    current: membership.tenantId === ctx.tenant?.id,
  }))
}

/** The signed-in member's role and permissions in the active company. */
export function sharedAccess(ctx: HttpContext): { role: Role; permissions: Permission[] } | null {
  const membership = ctx.membership
  if (!membership) return null
  return { role: membership.role, permissions: [...ROLE_PERMISSIONS[membership.role]] }
}

export function sharedNavigation(ctx: HttpContext): NavigationItem[] {
  return navigationFor(ctx)
}
