import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { switchTenantValidator } from '#accounts/validators'
import { audit } from '#accounts/audit/audit_service'
import {
  ACTIVE_TENANT_SESSION_KEY,
  assertMemberOf,
} from '#accounts/middleware/identify_tenant_middleware'
import { slugFromHost, tenantUrl } from '#accounts/tenant_resolver'

/**
 * The company switcher. The choice is kept in the session; a company the
 * user is not an active member of answers 404. On a company subdomain the
 * switch goes to the other company's subdomain instead.
 */
export default class TenantSwitchController {
  async store(ctx: HttpContext) {
    const { request, auth, session, response } = ctx
    const { tenantId } = await request.validateUsing(switchTenantValidator)
    const membership = await assertMemberOf(auth.getUserOrFail().id, tenantId)

    await audit.record(ctx, 'tenant.switched', {
      tenantId: membership.tenantId,
      entity: 'tenant',
      entityId: membership.tenantId,
      before: ctx.tenant ? { tenantId: ctx.tenant.id } : null,
    })

    if (slugFromHost(request.hostname())) {
      return response
        .redirect()
        .toPath(tenantUrl(membership.tenant.slug, router.makeUrl('app.dashboard'), request))
    }
    session.put(ACTIVE_TENANT_SESSION_KEY, membership.tenantId)
    return response.redirect().toRoute('app.dashboard')
  }
}
