import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * PostgreSQL text cannot hold U+0000: a NUL byte that reaches a query fails
 * the statement, which would answer 500. No field of Facturo has a use for
 * it, so it is removed here, once, from the query string, the body (keys
 * and values, at any depth) and the names of uploaded files, before any
 * validator or controller reads them. Route params need nothing: ids are
 * matched by the router and tokens by their own patterns.
 */
export default class StripNulMiddleware {
  handle({ request }: HttpContext, next: NextFn) {
    const qs = request.qs()
    const cleanQs = withoutNul(qs)
    if (cleanQs !== qs) request.updateQs(cleanQs as Record<string, any>)
    const body = request.body()
    const cleanBody = withoutNul(body)
    if (cleanBody !== body) request.updateBody(cleanBody as Record<string, any>)
    for (const file of uploadedFiles(request.allFiles())) {
      if (file.clientName?.includes('\u0000'))
        file.clientName = file.clientName.replaceAll('\u0000', '')
    }
    return next()
  }
}

/** The value without NUL characters; the same object when it had none (no copy on the common path). */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value
  if (Array.isArray(value)) {
    const items = value.map(withoutNul)
    return items.some((item, index) => item !== value[index]) ? items : value
  }
  const prototype = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  // Plain objects only (parsed JSON, forms); class instances such as uploaded files stay as they are.
  if (prototype === Object.prototype || prototype === null) {
    let changed = false
    const entries = Object.entries(value as object).map(([key, inner]) => {
      const cleanKey = withoutNul(key) as string
      const cleanInner = withoutNul(inner)
      if (cleanKey !== key || cleanInner !== inner) changed = true
      return [cleanKey, cleanInner]
    })
    return changed ? Object.fromEntries(entries) : value
  }
  return value
}

function* uploadedFiles(value: unknown): Generator<{ clientName: string }> {
  if (!value || typeof value !== 'object') return
  if ('clientName' in value && 'tmpPath' in value) {
    yield value as { clientName: string }
    return
  }
  for (const inner of Array.isArray(value) ? value : Object.values(value))
    yield* uploadedFiles(inner)
}
