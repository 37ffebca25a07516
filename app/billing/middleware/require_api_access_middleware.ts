import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ensureApiAccess } from '#billing/usage/api_access'

/**
 * Route middleware for the REST API (after `tenant`): only companies whose
 * plan includes API access get through; the others get a 403 that names
 * their plan. `middleware.apiAccess()` in the API's routes.
 */
export default class RequireApiAccessMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ensureApiAccess(ctx.tenant!)
    return next()
  }
}
