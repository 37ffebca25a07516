import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { hasPermission } from '#accounts/abilities'
import type { Permission } from '#accounts/roles'
import { ensureAllowed } from '#accounts/errors'

/**
 * `middleware.permission({ permission: 'users.manage' })` on a route: a
 * member whose role lacks it gets 403. Runs after the tenant middleware.
 */
export default class RequirePermissionMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { permission: Permission }) {
    ensureAllowed(await ctx.bouncer.allows(hasPermission, options.permission))
    return next()
  }
}
