import type { ModelQueryBuilderContract, LucidModel } from '@adonisjs/lucid/types/model'
import { ApiException } from '#api/errors'

const MAX_LIMIT = 100

/** `?limit=` (1–100, 25 by default) and `?cursor=` (opaque: the last id seen, base64url). */
export function pageParams(qs: Record<string, unknown>) {
  const limit = qs.limit === undefined ? 25 : Number(qs.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ApiException('invalid_limit', 422, { max: MAX_LIMIT }, 'limit')
  }
  let after: number | null = null
  if (qs.cursor !== undefined && qs.cursor !== '') {
    const decoded = Buffer.from(String(qs.cursor), 'base64url').toString()
    after = /^\d{1,10}$/.test(decoded) ? Number(decoded) : null
    if (!after) throw new ApiException('invalid_cursor', 422, {}, 'cursor')
  }
  return { limit, after }
}

/**
 * One page of a list, newest first, by id: stable while rows are added
 * (a new row never shifts the next page, unlike offsets).
 */
export async function cursorPage<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model>,
  qs: Record<string, unknown>
) {
  const { limit, after } = pageParams(qs)
  query
    .clearOrder()
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (after) query.where('id', '<', after)
  const rows = (await query) as InstanceType<Model>[]
  const page = rows.slice(0, limit)
  const last = page[page.length - 1] as { id: number } | undefined
  const nextCursor =
    rows.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null
  return { rows: page, nextCursor }
}
