import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import Tenant from '#tenancy/models/tenant'
import type Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantNotFoundException } from '#tenancy/errors'
import { toRecordId } from '#core/record_id'
import {
  activeMembershipIn,
  activeMembershipsOf,
  findTenantBySlug,
  slugFromHost,
} from '#accounts/tenant_resolver'
import { supportMembership } from '#accounts/support_view'

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
 *
 * Page requests (GET) render the company switcher, so they read all of the
 * user's memberships at once (one platform query) and pick from them.
 * Other requests (forms, the issue endpoint) read only the membership in
 * the company already chosen, as that company: no cross-company query and
 * no change of the database session's tenant before the work itself.
 */
export default class IdentifyTenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.getUserOrFail()
    const slug = slugFromHost(ctx.request.hostname())
    if (!slug && user.isSuperAdmin) {
      // The console's read-only support view of a company.
      const support = await supportMembership(ctx, user)
      if (support) {
        ctx.tenant = support.tenant
        ctx.membership = support
        ctx.memberships = [support]
        ctx.supportView = true
        return tenantContext.run(support.tenant, () => next())
      }
    }

    let membership: Membership | null = null
    if (slug) {
      const tenant = await findTenantBySlug(slug)
      membership = tenant ? await activeMembershipIn(user.id, tenant) : null
      if (!membership) throw new TenantNotFoundException()
    } else {
      const chosen = toRecordId(ctx.session.get(ACTIVE_TENANT_SESSION_KEY))
      if (ctx.request.method() !== 'GET' && chosen !== null) {
        const tenant = await Tenant.find(chosen)
        membership = tenant ? await activeMembershipIn(user.id, tenant) : null
      }
      if (!membership) {
        const memberships = await activeMembershipsOf(user.id)
        membership =
          memberships.find((item) => item.tenantId === chosen) ??
          memberships.find((item) => item.isDefault) ??
          memberships[0] ??
          null
        if (!membership) {
          return ctx.response.redirect().toRoute('accounts.no_company')
        }
        ctx.memberships = memberships
      }
      ctx.session.put(ACTIVE_TENANT_SESSION_KEY, membership.tenantId)
    }

    membership.$setRelated('user', user)
    ctx.tenant = membership.tenant
    ctx.membership = membership
    return tenantContext.run(membership.tenant, () => next())
  }
}

/** Re-checks one company for the switcher: the user must be an active member. */
export async function assertMemberOf(userId: number, tenantId: number) {
  const tenant = await Tenant.find(tenantId)
  const membership = tenant ? await activeMembershipIn(userId, tenant) : null
  if (!membership) throw new TenantNotFoundException()
  return membership
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The resolved company (set by the identify-tenant middleware). */
    tenant?: Tenant
    /** The signed-in user's membership in `tenant`. */
    membership?: Membership
    /**
     * All active memberships of the signed-in user (for the switcher), when
     * the middleware read them; pages load them otherwise (shared_props.ts).
     */
    memberships?: Membership[]
  }
}
