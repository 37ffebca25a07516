import type { HttpContext } from '@adonisjs/core/http'
import { apiTokens, API_SCOPES } from '#api/tokens'
import { createTokenValidator } from '#api/validators'
import CreateApiToken from '#api/actions/create_api_token'
import RevokeApiToken from '#api/actions/revoke_api_token'
import { hasApiAccess } from '#billing/usage/api_access'

/** A token as the settings page lists it: never its secret or hash. */
export interface ApiTokenDto {
  id: number
  name: string
  scopes: string[]
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
  expired: boolean
}

/** Where the new token's secret travels to the page, once (the flash of one redirect). */
const NEW_TOKEN_FLASH = 'newApiToken'

/** The company's REST API access tokens (settings page): create, list, revoke. */
export default class ApiTokensController {
  async index({ inertia, tenant, session }: HttpContext) {
    const tokens = await apiTokens.all(tenant!)
    const fresh = session.flashMessages.get(NEW_TOKEN_FLASH) as
      | { name: string; value: string }
      | undefined
    return inertia.render('api/tokens', {
      tokens: tokens.map(
        (token): ApiTokenDto => ({
          id: Number(token.identifier),
          name: token.name ?? '',
          scopes: token.abilities,
          createdAt: token.createdAt.toISOString(),
          lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
          expiresAt: token.expiresAt?.toISOString() ?? null,
          expired: token.isExpired(),
        })
      ),
      scopes: [...API_SCOPES],
      apiAccess: await hasApiAccess(tenant!),
      newToken: fresh ?? null,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, tenant } = ctx
    const input = await request.validateUsing(createTokenValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const token = await new CreateApiToken().handle(ctx, tenant!, input)
    session.flash(NEW_TOKEN_FLASH, { name: input.name, value: token.value!.release() })
    session.flash('success', i18n.t('api.tokens.created', { name: input.name }))
    return response.redirect().toRoute('app.api_tokens.index')
  }

  async destroy(ctx: HttpContext) {
    const { params, response, session, i18n, tenant } = ctx
    const token = await new RevokeApiToken().handle(ctx, tenant!, params.id)
    session.flash('success', i18n.t('api.tokens.revoked', { name: token.name ?? '' }))
    return response.redirect().toRoute('app.api_tokens.index')
  }
}
