import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { hasScope, type ApiScope } from '#api/tokens'
import { ApiException } from '#api/errors'

/** Lets the request through when its token carries one of `scopes`; 403 otherwise. */
export default class ApiScopeMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { scopes: ApiScope[] }) {
    if (!ctx.apiToken || !hasScope(ctx.apiToken, options.scopes)) {
      throw new ApiException('missing_scope', 403, { scopes: options.scopes.join(', ') })
    }
    return next()
  }
}
