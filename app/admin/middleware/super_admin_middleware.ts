import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/core'
import { activeMembershipsOf } from '#accounts/tenant_resolver'

/**
 * The platform console exists only for super-admins. Everyone else, guests
 * included, gets the same 404 as an unknown URL: the area is not advertised.
 */
export default class SuperAdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = (await ctx.auth.check()) ? ctx.auth.user : null
    if (!user?.isSuperAdmin) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    // A super-admin who also works in companies can switch to one from the console.
    ctx.memberships = await activeMembershipsOf(user.id)
    return next()
  }
}
