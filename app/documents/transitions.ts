import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuthorityMessage } from '#adapters/core/types'
import Document from '#documents/models/document'
import DocumentEvent, { type DocumentEventKind } from '#documents/models/document_event'
import { sourcesOf, type DocumentStatus } from '#documents/state_machine'
import { announce } from '#documents/events'
import { foldedCtes, type FoldedWrite } from '#documents/folded_writes'

export interface EventInput {
  kind: DocumentEventKind
  messages?: AuthorityMessage[]
  raw?: string | null
  detail?: string | null
}

/** Column changes written with a transition (snake_case names). */
export type DocumentChanges = Record<string, unknown>

export interface TransitionOptions {
  /** Inside this transaction; the event is then announced after its commit. */
  client?: TransactionClientContract
  /**
   * Another module's write about the same change, folded into the
   * statement (folded_writes.ts): it reads the moved row from `moved`.
   */
  alongside?: FoldedWrite
}

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
 * (events.ts) once it is committed. What the caller keeps about the change
 * in its own table (the tax module's submission row) comes as `alongside`
 * and is written by the same statement, only if the document moved.
 *
 * This module (with the issue statement of actions/issue_document.ts) is
 * the only writer of `documents.status`.
 */
export async function transition(
  document: Document,
  to: DocumentStatus,
  event: EventInput,
  changes: DocumentChanges = {},
  options: TransitionOptions = {}
): Promise<boolean> {
  const { client } = options
  const sources = sourcesOf(to)
  const set = setClause(changes)
  const from = document.status
  const folded = foldedCtes('alongside', options.alongside ? [options.alongside] : [])
  const result = await (client ?? db).rawQuery(
    `with moved as (
       update documents set ${set.sql}${set.sql ? ', ' : ''}status = ?, updated_at = now()
       where id = ? and tenant_id = ? and status in (${sources.map(() => '?').join(', ')})
       returning *
     ), event as (
       insert into document_events
         (tenant_id, document_id, kind, from_status, to_status, messages, raw, detail, created_at)
       select tenant_id, id, ?, ?, ?, ?::jsonb, ?, ?, ? from moved
     )${folded.sql}
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
      ...folded.bindings,
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
