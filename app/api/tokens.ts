import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import Tenant from '#tenancy/models/tenant'

/** What a token may do. A token carries one or more; none means nothing. */
export const API_SCOPES = [
  'documents:write',
  'documents:read',
  'catalog:write',
  'webhooks:read',
  'webhooks:write',
] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** A token's "last used" is written at most this often (the tokens page shows minutes). */
const LAST_USED_RESOLUTION_MS = 60_000

/**
 * @adonisjs/auth's database provider with one change to `verify`: the
 * package writes `last_used_at` on every lookup, before it checks the
 * secret. Here it is written only for a token that verified, and at most
 * once a minute, so a client calling the API many times a second costs
 * one UPDATE a minute instead of one per call, and a wrong secret for a
 * real token id writes nothing. Decoding, the hash comparison and the
 * expiry are the package's own.
 */
class ApiTokensProvider extends DbAccessTokensProvider<typeof Tenant> {
  async verify(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded) return null
    const db = await this.getDb()
    const row = await db
      .query()
      .from(this.table)
      .where({ id: decoded.identifier, type: this.type })
      .limit(1)
      .first()
    if (!row) return null
    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null
    const now = new Date()
    const last = token.lastUsedAt?.getTime()
    if (last === undefined || now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
      await db.from(this.table).where({ id: row.id, type: row.type }).update({ last_used_at: now })
      token.lastUsedAt = now
    }
    return token
  }
}

/**
 * The REST API's access tokens: the company is the tokenable, so a token
 * names its company and the request runs in that company's context. Only
 * a hash is stored; `fct_` marks a Facturo secret (secret scanners can
 * look for it).
 */
export const apiTokens = new ApiTokensProvider({
  tokenableModel: Tenant,
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
    /**
     * What the Idempotency-Key keeps of this answer when it must differ
     * from what was sent: a secret shown once is not stored for replays.
     */
    idempotentAnswer?: unknown
  }
}
