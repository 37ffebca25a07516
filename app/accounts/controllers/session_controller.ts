import type { HttpContext } from '@adonisjs/core/http'
import AttemptLogin from '#accounts/actions/attempt_login'
import { loginValidator } from '#accounts/validators'
import { safeReturnPath } from '#accounts/links'
import { audit } from '#accounts/audit/audit_service'
import { activeMembershipsOf } from '#accounts/tenant_resolver'
import { ACTIVE_TENANT_SESSION_KEY } from '#accounts/middleware/identify_tenant_middleware'
import { SESSION_VERSION_KEY } from '#accounts/auth/session_guard'

/** Sign in and sign out. */
export default class SessionController {
  async create({ inertia, request }: HttpContext) {
    return inertia.render('accounts/auth/login', {
      returnTo: safeReturnPath(request.input('returnTo')),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response } = ctx
    const data = await request.validateUsing(loginValidator)
    const user = await new AttemptLogin().handle(ctx, data)

    const returnTo = safeReturnPath(request.input('returnTo'))
    if (returnTo) return response.redirect().toPath(returnTo)
    if (user.isSuperAdmin) {
      const memberships = await activeMembershipsOf(user.id)
      if (memberships.length === 0) return response.redirect().toRoute('admin.home')
    }
    return response.redirect().toRoute('app.dashboard')
  }

  /**
   * Signs out this device: the session is deleted from the store under its
   * old id (a copy of the cookie is worth nothing from now on) and the
   * browser gets a new id; its "remember me" token is deleted too.
   */
  async destroy(ctx: HttpContext) {
    const { auth, session, response } = ctx
    await audit.record(ctx, 'auth.logout', { tenantId: null })
    await auth.use('web').logout()
    session.forget(ACTIVE_TENANT_SESSION_KEY)
    session.forget(SESSION_VERSION_KEY)
    session.regenerate()
    return response.redirect().toRoute('accounts.login')
  }
}
