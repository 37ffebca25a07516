import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#tenancy/models/tenant'
import { audit } from '#accounts/audit/audit_service'
import { apiTokens, type ApiScope } from '#api/tokens'

/**
 * Creates an access token of the company and records who did it. Returns
 * the token with its secret: the only time the secret exists in clear
 * (only its hash is stored), so the caller shows it once.
 */
export default class CreateApiToken {
  async handle(
    ctx: HttpContext,
    tenant: Tenant,
    input: { name: string; scopes: ApiScope[]; expiresInDays?: number }
  ) {
    const token = await apiTokens.create(tenant, input.scopes, {
      name: input.name,
      expiresIn: input.expiresInDays ? `${input.expiresInDays} days` : undefined,
    })
    await db
      .from('api_tokens')
      .where('id', String(token.identifier))
      .update({ created_by: ctx.auth.user?.id ?? null })
    await audit.record(ctx, 'api_token.created', {
      entity: 'api_token',
      entityId: String(token.identifier),
      after: { name: input.name, scopes: input.scopes, expiresAt: token.expiresAt ?? null },
    })
    return token
  }
}
