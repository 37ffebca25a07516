import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuthorityMessage } from '#adapters/core/types'
import Document from '#invoicing/models/document'
import DocumentEvent, { type DocumentEventKind } from '#invoicing/models/document_event'
import { sourcesOf, type DocumentStatus } from '#invoicing/state_machine'

export interface EventInput {
  kind: DocumentEventKind
  messages?: AuthorityMessage[]
  raw?: string | null
  detail?: string | null
}

/** Column changes written with a transition (snake_case names). */
export type DocumentChanges = Record<string, unknown>

/**
 * Moves a document to `to` if, and only if, it is still in a status that
 * may go there, and records the event in the same transaction. Returns
 * false when another worker got there first (the row was not updated):
 * the caller then stops. This compare-and-set is the guard that makes a
 * document impossible to authorize twice.
 */
export async function transition(
  document: Document,
  to: DocumentStatus,
  event: EventInput,
  changes: DocumentChanges = {},
  client?: TransactionClientContract
): Promise<boolean> {
  const run = async (trx: TransactionClientContract) => {
    const updated = await trx
      .from('documents')
      .where('id', document.id)
      .where('tenant_id', document.tenantId)
      .whereIn('status', sourcesOf(to))
      .update({ ...changes, status: to, updated_at: new Date() })
      .returning('status')
    if (updated.length === 0) return false
    await recordEvent(document, { ...event, fromStatus: document.status, toStatus: to }, trx)
    return true
  }
  const moved = client ? await run(client) : await db.transaction(run)
  if (moved) await document.refresh()
  return moved
}

/** Adds one entry to a document's history without changing its status. */
export async function recordEvent(
  document: Document,
  event: EventInput & { fromStatus?: DocumentStatus | null; toStatus?: DocumentStatus | null },
  client?: TransactionClientContract
) {
  await DocumentEvent.create(
    {
      tenantId: document.tenantId,
      documentId: document.id,
      kind: event.kind,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      messages: event.messages ?? [],
      raw: event.raw ?? null,
      detail: event.detail?.slice(0, 500) ?? null,
      createdAt: DateTime.now(),
    },
    client ? { client } : undefined
  )
}

/** Updates bookkeeping columns (attempt counters, next check) without a transition. */
export async function touch(document: Document, changes: DocumentChanges) {
  await db
    .from('documents')
    .where('id', document.id)
    .where('tenant_id', document.tenantId)
    .update({ ...changes, updated_at: new Date() })
  await document.refresh()
}
