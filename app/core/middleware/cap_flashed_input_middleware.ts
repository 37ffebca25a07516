import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Longest text of one field kept to refill a form (characters). */
export const FLASHED_FIELD_MAX = 2_000
/** Most text kept for one form in all (characters). */
export const FLASHED_INPUT_MAX = 16_000

/** Fields never kept, whatever their name's case: passwords, secrets, tokens, PINs. */
const SECRET_FIELD = /pass(word)?|secret|token|pin$|^_csrf$|^_method$/i

/**
 * A form sent back with errors keeps what the user typed ("old input")
 * in the session until the next request. Without a cap, a 300 KB field
 * would be copied whole into the session store on every failed post.
 * What this keeps: each text up to FLASHED_FIELD_MAX characters, the form
 * up to FLASHED_INPUT_MAX in all, never a password or secret. A field
 * dropped for its length gets a message saying so, unless the validator
 * already put one on it.
 *
 * Registered right after the session middleware, so it sees the input
 * flashed by every later layer (validation errors, business-rule errors,
 * CSRF failures, form throttling) before the session is written.
 */
export default class CapFlashedInputMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await next()
    const session = ctx.session
    if (!session) return
    const flash = session.responseFlashMessages
    const input = flash.get('input')
    if (!input || typeof input !== 'object') return

    const state = { budget: FLASHED_INPUT_MAX, tooLong: [] as string[] }
    flash.set('input', capValue(input, '', state) ?? {})
    if (state.tooLong.length === 0) return

    const message = ctx.i18n.t('validator.shared.messages.input_too_long', {
      max: FLASHED_FIELD_MAX,
    })
    const errors = { ...((flash.get('errors') as Record<string, string[]> | undefined) ?? {}) }
    for (const field of state.tooLong) errors[field] ??= [message]
    flash.set('errors', errors)
    flash.set('inputErrorsBag', errors)
  }
}

interface CapState {
  budget: number
  tooLong: string[]
}

/** A copy of `value` within the limits; undefined when nothing of it is kept. */
export function capValue(value: unknown, path: string, state: CapState): unknown {
  if (typeof value === 'string') {
    if (value.length > FLASHED_FIELD_MAX) {
      state.tooLong.push(path)
      return undefined
    }
    if (value.length > state.budget) return undefined
    state.budget -= value.length
    return value
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => capValue(item, join(path, String(index)), state) ?? null)
  }
  if (value && typeof value === 'object') {
    const kept: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_FIELD.test(key)) continue
      const capped = capValue(inner, join(path, key), state)
      if (capped !== undefined) kept[key] = capped
    }
    return kept
  }
  return value
}

function join(path: string, key: string) {
  return path ? `${path}.${key}` : key
}
