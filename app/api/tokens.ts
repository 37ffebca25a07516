import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import Tenant from '#tenancy/models/tenant'

/** What a token may do. A token carries one or more; none means nothing. */
export const API_SCOPES = ['documents:write', 'documents:read', 'catalog:write'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/**
 * The REST API's access tokens: @adonisjs/auth's database provider with
 * the company as tokenable, so a token names its company and the request
 * runs in that company's context. Only a hash is stored; `fct_` marks a
 * Facturo secret (secret scanners can look for it).
 */
export const apiTokens = DbAccessTokensProvider.forModel(Tenant, {
  table: 'api_tokens',
  type: 'api_token',
  prefix: 'fct_',
})

export function hasScope(token: AccessToken, scopes: readonly ApiScope[]) {
  return scopes.some((scope) => token.allows(scope))
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** The access token of a REST API request (set by the API's auth middleware). */
    apiToken?: AccessToken
  }
}
