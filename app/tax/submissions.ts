/*
|--------------------------------------------------------------------------
| Submission rows: every write of tax_submissions
|--------------------------------------------------------------------------
|
| The tax module owns `tax_submissions` (models/tax_submission.ts) and this
| file holds all the SQL that writes it:
|
| - the row is opened by the issue statement itself: `OpenSubmissionOnIssue`
|   is bound in the container (tax provider) and the lifecycle folds its
|   insert into the statement that writes the issued document, so issuing
|   costs no extra round trip;
| - a status change of the worker folds the submission's update into the
|   lifecycle's compare-and-set (`alongside`): document, event and
|   submission in one statement, or nothing when another worker won;
| - bookkeeping without a status change (an attempt counted before a
|   send, a flag, a transport error while SUBMITTED) is one update here.
|
*/
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Document from '#documents/models/document'
import { UNFINISHED_STATUSES } from '#documents/state_machine'
import {
  IssuedDocumentWrites,
  type FoldedBinding,
  type FoldedWrite,
} from '#documents/folded_writes'
import { recordEvent } from '#documents/transitions'
import TaxSubmission from '#tax/models/tax_submission'

/** The columns the pipeline changes (snake_case, as written). */
export interface SubmissionChanges {
  submit_attempts?: number
  status_checks?: number
  submitted_at?: Date | null
  pending_since?: Date | null
  next_check_at?: Date | null
  flagged_at?: Date | null
  polling_since?: Date | null
  last_error?: string | null
}

/** The first round is due at once: the sweeper finds it if the queue loses its job. */
const OPEN_ON_ISSUE: FoldedWrite = {
  sql: `insert into tax_submissions (tenant_id, document_id, next_check_at, created_at, updated_at)
        select tenant_id, id, now(), now(), now() from issued`,
  bindings: [],
}

/** Opens the submission row in the issue statement (bound by the tax provider). */
export class OpenSubmissionOnIssue extends IssuedDocumentWrites {
  writes() {
    return [OPEN_ON_ISSUE]
  }
}

/** Column names come from code, never from input; this keeps it that way. */
function setClause(changes: SubmissionChanges) {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined)
  for (const [column] of entries) {
    if (!/^[a-z_]+$/.test(column)) throw new TypeError(`Unexpected column name: ${column}`)
  }
  return {
    sql: entries.map(([column]) => `"${column}" = ?, `).join(''),
    bindings: entries.map(([, value]) => value) as FoldedBinding[],
  }
}

/** Puts what was written into the model, as if read back. */
function applied(submission: TaxSubmission, row: Record<string, unknown>) {
  submission.$consumeAdapterResult(row)
  submission.$hydrateOriginals()
}

/**
 * The submission's side of a status change, for `transition(…, { alongside })`:
 * written in the same statement, only if the document moved. Call
 * `appliedAlongside` once the transition says it moved.
 */
export function alongside(changes: SubmissionChanges): FoldedWrite {
  const set = setClause(changes)
  return {
    sql: `update tax_submissions s set ${set.sql}updated_at = now()
          from moved where s.document_id = moved.id and s.tenant_id = moved.tenant_id`,
    bindings: set.bindings,
  }
}

/** The model after a transition that wrote `changes` alongside. */
export function appliedAlongside(submission: TaxSubmission, changes: SubmissionChanges) {
  applied(submission, { ...changes, updated_at: new Date() })
}

/** Updates the bookkeeping of a submission without a status change (one statement). */
export async function updateSubmission(
  submission: TaxSubmission,
  changes: SubmissionChanges,
  client?: TransactionClientContract
) {
  const set = setClause(changes)
  const result = await (client ?? db).rawQuery(
    `update tax_submissions set ${set.sql}updated_at = now()
     where document_id = ? and tenant_id = ? returning *`,
    [...set.bindings, submission.documentId, submission.tenantId] as string[]
  )
  if (result.rows.length > 0) applied(submission, result.rows[0])
}

/**
 * Clears the flag of a document the authority kept in process past the
 * polling window and opens a new window ("Consultar de nuevo"), recording
 * who asked in the document's history, in one transaction. A
 * compare-and-set on the flag: of two clicks one resumes (and gets the
 * submission as written) and the other gets null, as does a document that
 * is not flagged (any more) or no longer unfinished.
 */
export async function resumeFlagged(document: Document, requestedBy: string | null) {
  return db.transaction(async (trx) => {
    const statuses = [...UNFINISHED_STATUSES]
    const resumed = await trx.rawQuery(
      `update tax_submissions s
          set flagged_at = null, polling_since = now(), next_check_at = now(), updated_at = now()
         from documents d
        where s.document_id = ? and s.tenant_id = ? and s.flagged_at is not null
          and d.id = s.document_id and d.tenant_id = s.tenant_id
          and d.status in (${statuses.map(() => '?').join(', ')})
        returning s.*`,
      [document.id, document.tenantId, ...statuses]
    )
    if (resumed.rows.length === 0) return null
    await recordEvent(document, { kind: 'check_requested', detail: requestedBy }, trx)
    return TaxSubmission.$createFromAdapterResult(resumed.rows[0])!
  })
}
