import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type Tenant from '#tenancy/models/tenant'
import type Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantNotFoundException } from '#tenancy/errors'
import {
  activeMembershipIn,
  activeMembershipsOf,
  findTenantBySlug,
  slugFromHost,
} from '#tenancy/tenant_resolver'

/** Session key of the company chosen with the switcher. */
export const ACTIVE_TENANT_SESSION_KEY = 'activeTenantId'

/**
 * Resolves the company of a signed-in request and runs the rest of the
 * request inside its tenant context. Must come after `auth`.
 *
 * 1. `<slug>.<APP_BASE_DOMAIN>` picks the company from the host;
 * 2. otherwise the company chosen with the switcher (session), else the
 *    user's default company, else their oldest one.
 *
 * A user without an active membership in the resolved company gets 404,
 * exactly like a company that does not exist.
 */
export default class IdentifyTenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.getUserOrFail()
    const memberships = await activeMembershipsOf(user.id)
    const slug = slugFromHost(ctx.request.hostname())

    let membership: Membership | undefined | null
    if (slug) {
      const tenant = await findTenantBySlug(slug)
      membership = tenant ? memberships.find((item) => item.tenantId === tenant.id) : null
      if (!membership) throw new TenantNotFoundException()
    } else {
      const chosen = Number(ctx.session.get(ACTIVE_TENANT_SESSION_KEY))
      membership =
        memberships.find((item) => item.tenantId === chosen) ??
        memberships.find((item) => item.isDefault) ??
        memberships[0]
      if (!membership) {
        return ctx.response.redirect().toRoute('accounts.no_company')
      }
      ctx.session.put(ACTIVE_TENANT_SESSION_KEY, membership.tenantId)
    }

    membership.$setRelated('user', user)
    ctx.tenant = membership.tenant
    ctx.membership = membership
    ctx.memberships = memberships
    return tenantContext.run(membership.tenant, () => next())
  }
}

/** Re-checks one company for the switcher: the user must be an active member. */
export async function assertMemberOf(userId: number, tenantId: number) {
  const membership = await activeMembershipIn(userId, tenantId)
  if (!membership) throw new TenantNotFoundException()
  return membership
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The resolved company (set by the identify-tenant middleware). */
    tenant?: Tenant
    /** The signed-in user's membership in `tenant`. */
    membership?: Membership
    /** All active memberships of the signed-in user (for the switcher). */
    memberships?: Membership[]
  }
}
