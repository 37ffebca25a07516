/*
|--------------------------------------------------------------------------
| The read-only support view: the membership it lends
|--------------------------------------------------------------------------
|
| A super-admin helping a company opens its pages as the company sees them,
| from the console (#admin/support/support_view opens it, with a reason).
| While the view is open (a session key on the bare domain), the tenant
| middleware enters that company with a READONLY membership that exists
| only for the request, and:
|
| - every request that could change something (any method but GET/HEAD)
|   is refused with 403 on the server, whatever the page shows;
| - every page seen is written to the company's own audit log, so its
|   owner sees who looked and when.
|
| It lives in accounts, beside the tenant middleware that uses it: the
| console (admin) builds on accounts, never the other way round.
|
*/
import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import type User from '#accounts/models/user'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import { audit } from '#accounts/audit/audit_service'

export const SUPPORT_SESSION_KEY = 'supportTenantId'

/** A change attempted from the support view. */
export class SupportViewReadOnlyException extends Exception {
  static status = 403
  static code = 'E_SUPPORT_READ_ONLY'
  static message = 'Change refused: the support view is read-only'

  async handle(_error: SupportViewReadOnlyException, ctx: HttpContext) {
    const message = ctx.i18n.t('admin.support.read_only')
    if (!ctx.request.header('x-inertia') && ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(403).send({ errors: [{ field: '', message, rule: 'support' }] })
    }
    ctx.session.flash('error', message)
    // 303: the browser comes back with a GET, never repeating the change.
    return ctx.response.redirect().status(303).back()
  }
}

const READ_METHODS = new Set(['GET', 'HEAD'])

/**
 * The membership a super-admin in the support view gets in the company,
 * or null when the view is not open. Throws on anything but a read.
 */
export async function supportMembership(ctx: HttpContext, user: User) {
  if (!user.isSuperAdmin) return null
  const tenantId = Number(ctx.session.get(SUPPORT_SESSION_KEY))
  if (!Number.isInteger(tenantId) || tenantId <= 0) return null
  const tenant = await Tenant.find(tenantId)
  if (!tenant) {
    ctx.session.forget(SUPPORT_SESSION_KEY)
    return null
  }
  if (!READ_METHODS.has(ctx.request.method())) throw new SupportViewReadOnlyException()
  await audit.record(ctx, 'admin.support_page_viewed', {
    tenantId: tenant.id,
    entity: 'tenant',
    entityId: tenant.id,
    after: { path: ctx.request.url().slice(0, 200) },
  })
  const membership = new Membership()
  membership.fill({
    tenantId: tenant.id,
    userId: user.id,
    role: 'READONLY',
    isActive: true,
    isDefault: false,
  })
  membership.$setRelated('tenant', tenant)
  membership.$setRelated('user', user)
  return membership
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** True while a super-admin sees the company through the support view. */
    supportView?: boolean
  }
}
