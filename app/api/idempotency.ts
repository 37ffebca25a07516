import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'

/** SHA-256 of what was asked: method, path with its ids, and the parsed body. */
export function fingerprintOf(method: string, path: string, body: unknown) {
  return createHash('sha256')
    .update(JSON.stringify([method, path, body]))
    .digest('hex')
}

export function requestFingerprint(ctx: HttpContext) {
  return fingerprintOf(ctx.request.method(), ctx.request.url(), ctx.request.body())
}

export type Claim =
  | { kind: 'new' }
  | { kind: 'mismatch' }
  | { kind: 'running' }
  | { kind: 'done'; status: number; body: unknown }

/**
 * Takes the key for this request, or says what became of it: the insert
 * and the primary key (tenant_id, key) settle two requests that arrive
 * together, whichever commits first owns the key.
 */
export async function claimKey(tenantId: number, key: string, fingerprint: string): Promise<Claim> {
  const inserted = await db.rawQuery(
    `insert into api_idempotency_keys (tenant_id, key, fingerprint, created_at)
     values (?, ?, ?, now()) on conflict do nothing returning key`,
    [tenantId, key, fingerprint]
  )
  if (inserted.rows.length > 0) return { kind: 'new' }
  const row = await db
    .from('api_idempotency_keys')
    .where({ tenant_id: tenantId, key })
    .select('fingerprint', 'status_code', 'response')
    .first()
  // Released between the insert and this read: the client may simply retry.
  if (!row) return { kind: 'running' }
  if (row.fingerprint !== fingerprint) return { kind: 'mismatch' }
  if (row.status_code === null) return { kind: 'running' }
  return { kind: 'done', status: row.status_code, body: row.response }
}

export async function storeAnswer(tenantId: number, key: string, status: number, body: unknown) {
  await db
    .from('api_idempotency_keys')
    .where({ tenant_id: tenantId, key })
    .update({ status_code: status, response: JSON.stringify(body ?? null) })
}

export async function releaseKey(tenantId: number, key: string) {
  await db.from('api_idempotency_keys').where({ tenant_id: tenantId, key }).delete()
}
