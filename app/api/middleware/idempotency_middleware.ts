import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { claimKey, fingerprintOf, releaseKey, storeAnswer } from '#api/idempotency'
import { ApiException } from '#api/errors'

/**
 * `Idempotency-Key` on the API's creates: the first request with a key
 * does the work and its answer is stored; the same key with the same
 * request gets that answer again (header `Idempotent-Replayed: true`); the
 * same key with another request is refused (422), and while the first is
 * still running a second one gets 409. A request that fails (an error
 * thrown, or a 5xx) releases its key, so a corrected retry may use it.
 */
export default class IdempotencyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.header('idempotency-key')
    if (raw === undefined) return next()
    const key = raw.trim()
    if (!/^[\x21-\x7e]{1,120}$/.test(key)) {
      throw new ApiException('idempotency_key_invalid', 422, {}, 'Idempotency-Key')
    }
    const fingerprint = fingerprintOf(ctx)
    const claim = await claimKey(ctx.tenant!.id, key, fingerprint)
    if (claim.kind === 'mismatch') {
      throw new ApiException('idempotency_mismatch', 422, {}, 'Idempotency-Key')
    }
    if (claim.kind === 'running') throw new ApiException('idempotency_in_progress', 409)
    if (claim.kind === 'done') {
      ctx.response.header('Idempotent-Replayed', 'true')
      return ctx.response.status(claim.status).send(claim.body)
    }
    try {
      await next()
    } catch (error) {
      await releaseKey(ctx.tenant!.id, key)
      throw error
    }
    const status = ctx.response.getStatus()
    if (status >= 500) return releaseKey(ctx.tenant!.id, key)
    await storeAnswer(ctx.tenant!.id, key, status, ctx.response.getBody())
  }
}
