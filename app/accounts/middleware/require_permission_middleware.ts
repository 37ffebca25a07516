import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ensurePermission } from '#accounts/errors'
import type { Permission } from '#accounts/roles'

/**
 * `middleware.permission({ permission: 'users.manage' })` on a route: a
 * member whose role lacks it gets 403. Runs after the tenant middleware.
 */
export default class RequirePermissionMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { permission: Permission }) {
    await ensurePermission(ctx, options.permission)
    return next()
  }
}
