import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { LimiterResponse } from '@adonisjs/limiter'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import type Tenant from '#tenancy/models/tenant'
import { ApiLimits } from '#api/limits'
import { ApiException } from '#api/errors'

/** The window's figures as the IETF RateLimit header fields say them. */
function setHeaders(ctx: HttpContext, answer: LimiterResponse) {
  ctx.response.header('RateLimit-Limit', String(answer.limit))
  ctx.response.header('RateLimit-Remaining', String(Math.max(answer.remaining, 0)))
  ctx.response.header('RateLimit-Reset', String(Math.max(answer.availableIn, 0)))
}

async function consume(requests: number, duration: number, key: string) {
  try {
    return { ok: true as const, answer: await limiter.use({ requests, duration }).consume(key) }
  } catch (error) {
    if (error instanceof limiterErrors.ThrottleException) {
      return { ok: false as const, answer: error.response }
    }
    throw error
  }
}

/**
 * Counts the request against its token's allowance and its company's
 * (all of a company's tokens share the latter). The headers describe the
 * tighter of the two; over either, 429 with `Retry-After`.
 */
export async function enforceRateLimits(ctx: HttpContext, token: AccessToken, tenant: Tenant) {
  const limits = await app.container.make(ApiLimits)
  const perToken = await consume(
    limits.perToken.requests,
    limits.perToken.duration,
    `api_token_${token.identifier}`
  )
  const perCompany = perToken.ok
    ? await consume(
        limits.perCompany.requests,
        limits.perCompany.duration,
        `api_company_${tenant.id}`
      )
    : null
  const refused = !perToken.ok ? perToken : perCompany && !perCompany.ok ? perCompany : null
  const tighter =
    refused ??
    (perCompany && perCompany.answer.remaining < perToken.answer.remaining ? perCompany : perToken)
  setHeaders(ctx, tighter.answer)
  if (refused) {
    ctx.response.header('Retry-After', String(Math.max(refused.answer.availableIn, 1)))
    throw new ApiException(
      refused === perToken ? 'rate_limited_token' : 'rate_limited_company',
      429
    )
  }
}
