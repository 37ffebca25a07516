import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuthorityMessage } from '#adapters/core/types'
import Document from '#documents/models/document'
import DocumentEvent, { type DocumentEventKind } from '#documents/models/document_event'
import { UNFINISHED_STATUSES, sourcesOf, type DocumentStatus } from '#documents/state_machine'
import { announce } from '#documents/events'

export interface EventInput {
  kind: DocumentEventKind
  messages?: AuthorityMessage[]
  raw?: string | null
  detail?: string | null
}

/** Column changes written with a transition (snake_case names). */
export type DocumentChanges = Record<string, unknown>

/** Column names come from code, never from input; this keeps it that way. */
function setClause(changes: DocumentChanges) {
  const columns = Object.keys(changes)
  for (const column of columns) {
    if (!/^[a-z_]+$/.test(column)) throw new TypeError(`Unexpected column name: ${column}`)
  }
  return {
    sql: columns.map((column) => `"${column}" = ?`).join(', '),
    bindings: columns.map((column) => changes[column]),
  }
}

/** Puts a row written with `returning *` into the model, as if read back. */
function hydrate(document: Document, row: Record<string, unknown>) {
  document.$consumeAdapterResult(row)
  document.$hydrateOriginals()
}

/**
 * Moves a document to `to` if, and only if, it is still in a status that
 * may go there, and records the event in the same statement (a
 * data-modifying CTE: both rows or neither). Returns false when another
 * worker got there first (the row was not updated): the caller then
 * stops. This compare-and-set is the guard that makes a document
 * impossible to authorize twice. The model is updated from the written
 * row, without reading it back. The change is announced on the emitter
 * (events.ts) once it is committed.
 *
 * This module (with the issue statement of actions/issue_document.ts) is
 * the only writer of `documents.status`.
 */
export async function transition(
  document: Document,
  to: DocumentStatus,
  event: EventInput,
  changes: DocumentChanges = {},
  client?: TransactionClientContract
): Promise<boolean> {
  const sources = sourcesOf(to)
  const set = setClause(changes)
  const from = document.status
  const result = await (client ?? db).rawQuery(
    `with moved as (
       update documents set ${set.sql}${set.sql ? ', ' : ''}status = ?, updated_at = now()
       where id = ? and tenant_id = ? and status in (${sources.map(() => '?').join(', ')})
       returning *
     ), event as (
       insert into document_events
         (tenant_id, document_id, kind, from_status, to_status, messages, raw, detail, created_at)
       select tenant_id, id, ?, ?, ?, ?::jsonb, ?, ?, ? from moved
     )
     select * from moved`,
    [
      ...set.bindings,
      to,
      document.id,
      document.tenantId,
      ...sources,
      event.kind,
      document.status,
      to,
      JSON.stringify(event.messages ?? []),
      event.raw ?? null,
      event.detail?.slice(0, 500) ?? null,
      new Date(),
    ] as string[]
  )
  if (result.rows.length === 0) return false
  hydrate(document, result.rows[0])
  await announce(
    {
      documentId: document.id,
      tenantId: document.tenantId,
      type: document.type,
      number: document.number,
      from,
      to,
    },
    client
  )
  return true
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
export async function touch(
  document: Document,
  changes: DocumentChanges,
  client?: TransactionClientContract
) {
  if ('status' in changes) throw new TypeError('Statuses change only through transition()')
  const set = setClause({ ...changes })
  const result = await (client ?? db).rawQuery(
    `update documents set ${set.sql}${set.sql ? ', ' : ''}updated_at = now()
     where id = ? and tenant_id = ? returning *`,
    [...set.bindings, document.id, document.tenantId] as string[]
  )
  if (result.rows.length > 0) hydrate(document, result.rows[0])
}

/**
 * Clears the flag of a document the authority kept in process past the
 * polling window and opens a new window ("Consultar de nuevo"), recording
 * who asked, in one transaction. A compare-and-set on the flag: of two
 * clicks one resumes and the other gets false, as does a document that is
 * not flagged (any more).
 */
export async function resumeFlagged(document: Document, requestedBy: string | null) {
  const now = new Date()
  return db.transaction(async (trx) => {
    const updated = await trx
      .from('documents')
      .where('id', document.id)
      .where('tenant_id', document.tenantId)
      .whereIn('status', [...UNFINISHED_STATUSES])
      .whereNotNull('flagged_at')
      .update({ flagged_at: null, polling_since: now, next_check_at: now, updated_at: now })
      .returning('id')
    if (updated.length === 0) return false
    await recordEvent(document, { kind: 'check_requested', detail: requestedBy }, trx)
    return true
  })
}
