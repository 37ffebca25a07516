import type { HttpContext } from '@adonisjs/core/http'
import { activeMembershipsOf } from '#accounts/tenant_resolver'

/** A signed-in user who belongs to no company (yet, or any more). */
export default class NoCompanyController {
  async show({ inertia, auth, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const memberships = await activeMembershipsOf(user.id)
    if (memberships.length > 0) return response.redirect().toRoute('app.dashboard')
    return inertia.render('accounts/memberships/none', { isSuperAdmin: user.isSuperAdmin })
  }
}
