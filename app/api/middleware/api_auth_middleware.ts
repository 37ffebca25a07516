import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Secret } from '@adonisjs/core/helpers'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { ensureApiAccess } from '#billing/usage/api_access'
import { apiTokens } from '#api/tokens'
import { ApiException } from '#api/errors'
import { enforceRateLimits } from '#api/rate_limits'

/**
 * Authenticates a REST API request by its bearer token and runs the rest
 * of it as the token's company: the tenant comes from the token, never
 * from the request. Then the rate limits (per token and per company) and
 * the plan's API access are checked.
 */
export default class ApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const header = ctx.request.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw new ApiException('unauthenticated', 401)
    const token = await apiTokens.verify(new Secret(match[1]))
    const tenant = token ? await Tenant.find(token.tokenableId) : null
    if (!token || !tenant) throw new ApiException('unauthenticated', 401)
    ctx.apiToken = token
    ctx.tenant = tenant
    await enforceRateLimits(ctx, token, tenant)
    await ensureApiAccess(tenant)
    return tenantContext.run(tenant, () => next())
  }
}
