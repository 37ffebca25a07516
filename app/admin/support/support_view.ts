/*
|--------------------------------------------------------------------------
| The read-only support view: opening it from the console
|--------------------------------------------------------------------------
|
| The console opens a company's support view with a reason (audited in the
| company's log); what the view lends and refuses while it is open is in
| #accounts/support_view, used by the tenant middleware.
|
*/
import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#tenancy/models/tenant'
import { audit } from '#accounts/audit/audit_service'
import { SUPPORT_SESSION_KEY } from '#accounts/support_view'

/** Opens the support view of a company (audited in its log, with the reason). */
export async function openSupportView(ctx: HttpContext, tenantId: number, reason: string) {
  const tenant = await Tenant.findOrFail(tenantId)
  await audit.record(ctx, 'admin.support_view_opened', {
    tenantId: tenant.id,
    entity: 'tenant',
    entityId: tenant.id,
    after: { reason },
  })
  ctx.session.put(SUPPORT_SESSION_KEY, tenant.id)
  return tenant
}
