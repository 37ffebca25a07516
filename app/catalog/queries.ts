import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'

export interface ListFilters {
  q?: string
  status?: 'active' | 'inactive' | 'all'
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

function applyStatus(
  query: { where: (column: string, value: boolean) => unknown },
  status: ListFilters['status']
) {
  if (status === 'all') return
  query.where('is_active', status !== 'inactive')
}

/**
 * Customers of the current company matching a name (legal or trade) or an
 * identification, active ones by default, by name.
 */
export function customerListQuery(filters: ListFilters) {
  const query = Customer.query()
  applyStatus(query, filters.status)
  const q = filters.q?.trim()
  if (q) {
    query.where((inner) => {
      inner
        .whereILike('legal_name', likePattern(q))
        .orWhereILike('trade_name', likePattern(q))
        .orWhere('identification', 'like', `${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`)
    })
  }
  return query.orderByRaw('lower(legal_name) asc').orderBy('id', 'asc')
}

/** Products of the current company matching a code or description, by code. */
export function productListQuery(filters: ListFilters) {
  const query = Product.query()
  applyStatus(query, filters.status)
  const q = filters.q?.trim()
  if (q) {
    query.where((inner) => {
      inner.whereILike('code', likePattern(q)).orWhereILike('description', likePattern(q))
    })
  }
  return query.orderByRaw('lower(code) asc').orderBy('id', 'asc')
}
