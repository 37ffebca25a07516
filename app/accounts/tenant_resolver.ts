import env from '#start/env'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'

/** Labels that are never a company (slugs cannot take them either). */
export const RESERVED_SUBDOMAINS = new Set([
  'www',
  'app',
  'admin',
  'api',
  'mail',
  'static',
  'assets',
  'help',
  'status',
  'dev',
])

export function baseDomain() {
  return (env.get('APP_BASE_DOMAIN') || 'localhost').toLowerCase()
}

/**
 * The company slug in `<slug>.<APP_BASE_DOMAIN>`, or null on the bare
 * domain, on a reserved label, or on any other host.
 */
export function slugFromHost(hostname: string | null | undefined): string | null {
  if (!hostname) return null
  const host = hostname.toLowerCase().replace(/:\d+$/, '')
  const base = baseDomain()
  if (!host.endsWith(`.${base}`)) return null
  const label = host.slice(0, -(base.length + 1))
  if (!label || label.includes('.') || RESERVED_SUBDOMAINS.has(label)) return null
  return label
}

/**
 * The user's active memberships with their companies, oldest first. This
 * runs before any tenant is chosen, so it reads across tenants on purpose.
 */
export function activeMembershipsOf(userId: number) {
  return Membership.query({
    withoutTenantScope: 'a user sees the list of their own companies to choose one',
  })
    .where('user_id', userId)
    .where('is_active', true)
    .preload('tenant')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
}

/**
 * The user's active membership in `tenant`, or null. It is read as that
 * company (no escape needed): the session already names it for the
 * statements that follow, so the request costs no extra round trip.
 */
export async function activeMembershipIn(userId: number, tenant: Tenant) {
  const membership = await tenantContext.run(tenant, () =>
    Membership.query().where('user_id', userId).where('is_active', true).first()
  )
  membership?.$setRelated('tenant', tenant)
  return membership
}

export function findTenantBySlug(slug: string) {
  return Tenant.findBy('slug', slug)
}

/** Absolute URL of a path on a company's subdomain, keeping scheme and port. */
export function tenantUrl(
  slug: string,
  path: string,
  request: { protocol(): string; host(): string | null }
) {
  const port = (request.host() ?? '').match(/:(\d+)$/)?.[1]
  return `${request.protocol()}://${slug}.${baseDomain()}${port ? `:${port}` : ''}${path}`
}
