import type { HttpContext } from '@adonisjs/core/http'
import { ROLE_PERMISSIONS, type Permission, type Role } from '#accounts/roles'
import { navigationFor, type NavigationItem } from '#tenancy/navigation'

/** The active company as pages see it. */
export interface TenantDto {
  id: number
  slug: string
  tradeName: string
  country: string
  status: string
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
  }
}

export function sharedMemberships(ctx: HttpContext): MembershipDto[] {
  return (ctx.memberships ?? []).map((membership) => ({
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
