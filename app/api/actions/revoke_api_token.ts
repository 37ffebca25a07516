import type { HttpContext } from '@adonisjs/core/http'
import type Tenant from '#tenancy/models/tenant'
import { audit } from '#accounts/audit/audit_service'
import { apiTokens } from '#api/tokens'
import { ApiException } from '#api/errors'

/** Deletes one of the company's tokens (another company's id is not found), audited. */
export default class RevokeApiToken {
  async handle(ctx: HttpContext, tenant: Tenant, id: number) {
    const token = await apiTokens.find(tenant, id)
    if (!token) throw new ApiException('not_found', 404)
    await apiTokens.delete(tenant, id)
    await audit.record(ctx, 'api_token.revoked', {
      entity: 'api_token',
      entityId: String(id),
      before: { name: token.name, scopes: token.abilities },
    })
    return token
  }
}
