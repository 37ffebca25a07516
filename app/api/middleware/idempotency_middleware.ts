import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { claimKey, releaseKey, requestFingerprint, storeAnswer } from '#api/idempotency'
import { ApiException } from '#api/errors'

/**
 * `Idempotency-Key` on the API's creates. The first request with a key
 * does the work and its answer is stored, refusals (4xx) included, as
 * Stripe does: the same key with the same request gets that answer again
 * (header `Idempotent-Replayed: true`) and nothing is done twice; the same
 * key with another request is refused (422); while the first is still
 * running, a second one gets 409. Only a failure on our side (5xx)
 * releases the key, so the client can retry it. A controller whose answer
 * carries a secret shown once sets `ctx.idempotentAnswer` to the answer
 * without it: that is what is stored and replayed.
 */
export default class IdempotencyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.header('idempotency-key')
    if (raw === undefined) return next()
    const key = raw.trim()
    if (!/^[\x21-\x7e]{1,120}$/.test(key)) {
      throw new ApiException('idempotency_key_invalid', 422, {}, 'Idempotency-Key')
    }
    const tenantId = ctx.tenant!.id
    const claim = await claimKey(tenantId, key, requestFingerprint(ctx))
    if (claim.kind === 'mismatch') {
      throw new ApiException('idempotency_mismatch', 422, {}, 'Idempotency-Key')
    }
    if (claim.kind === 'running') throw new ApiException('idempotency_in_progress', 409)
    if (claim.kind === 'done') {
      ctx.response.header('Idempotent-Replayed', 'true')
      return ctx.response.status(claim.status).send(claim.body)
    }
    // The exception handler has already turned a failure below into the answer.
    await next()
    const status = ctx.response.getStatus()
    if (status >= 500) return releaseKey(tenantId, key)
    await storeAnswer(tenantId, key, status, ctx.idempotentAnswer ?? ctx.response.getBody())
  }
}
