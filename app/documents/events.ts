/*
|--------------------------------------------------------------------------
| Document lifecycle events
|--------------------------------------------------------------------------
|
| Every status change of a document is announced on AdonisJS's emitter,
| after the transaction that wrote it has committed (a listener never sees
| a change that could still roll back). The lifecycle module emits; the
| other modules listen (start/events.ts lists who):
|
|   document:issued      DRAFT → ISSUED         app/tax queues the submission
|   document:submitted   → SUBMITTED (first)    (history only today)
|   document:authorized  → AUTHORIZED           the customer e-mail and webhooks are queued
|   document:rejected    → REJECTED             webhooks are queued
|   document:voided      AUTHORIZED → VOIDED    webhooks are queued (history and audit too)
|
| What must be able to refuse a change (the plan's monthly limit) cannot
| be an event: it runs inside the issuing transaction (issue_guard.ts).
|
*/
import emitter from '@adonisjs/core/services/emitter'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DocumentType } from '#adapters/core/types'
import type { DocumentStatus } from '#documents/state_machine'

/** What every lifecycle event carries: plain values, so queues and webhooks can pass it on. */
export interface DocumentStatusChanged {
  documentId: number
  tenantId: number
  type: DocumentType
  /** "001-001-000000123"; null only before issue. */
  number: string | null
  from: DocumentStatus
  to: DocumentStatus
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'document:issued': DocumentStatusChanged
    'document:submitted': DocumentStatusChanged
    'document:authorized': DocumentStatusChanged
    'document:rejected': DocumentStatusChanged
    'document:voided': DocumentStatusChanged
  }
}

export type DocumentEventName =
  | 'document:issued'
  | 'document:submitted'
  | 'document:authorized'
  | 'document:rejected'
  | 'document:voided'

/** The event a change announces; null for the bookkeeping ones (PENDING, a repeated SUBMITTED). */
export function eventFor(from: DocumentStatus, to: DocumentStatus): DocumentEventName | null {
  if (from === to) return null
  switch (to) {
    case 'ISSUED':
      return 'document:issued'
    case 'SUBMITTED':
      return 'document:submitted'
    case 'AUTHORIZED':
      return 'document:authorized'
    case 'REJECTED':
      return 'document:rejected'
    case 'VOIDED':
      return 'document:voided'
    default:
      return null
  }
}

/**
 * Emits the change's event once it is durable: at once without a
 * transaction, after the commit of `client` otherwise (never after a
 * rollback).
 */
export async function announce(
  change: DocumentStatusChanged,
  client?: TransactionClientContract
): Promise<void> {
  const name = eventFor(change.from, change.to)
  if (!name) return
  if (client?.isTransaction) {
    client.after('commit', () => emitter.emit(name, change))
    return
  }
  await emitter.emit(name, change)
}
