import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import { InvoicingException } from '#documents/errors'
import {
  draftSource,
  insertDraft,
  prepareDraft,
  refusingForeignProducts,
  type DraftInput,
} from '#documents/actions/save_draft'
import { issuePrepared, prepareIssue } from '#documents/actions/issue_document'
import { keepsDraft } from '#documents/issue_guard'

export interface IssueNewOptions {
  /** The Idempotency-Key header: the same key always answers the same document. */
  idempotencyKey?: string | null
  createdBy?: number | null
  /** false: save as draft only. */
  issue?: boolean
}

function isIdempotencyConflict(error: unknown) {
  const candidate = error as { code?: string; constraint?: string }
  return candidate.code === '23505' && candidate.constraint === 'documents_idempotency_unique'
}

/** SHA-256 of what was asked (the validated body and whether to issue). */
function fingerprintOf(input: DraftInput, issue: boolean) {
  return createHash('sha256').update(JSON.stringify({ input, issue })).digest('hex')
}

/** The first document of a key, refused when the key comes back with another request. */
function replay(existing: Document, fingerprint: string) {
  if (existing.requestFingerprint && existing.requestFingerprint !== fingerprint) {
    throw new InvoicingException('invoicing.errors.idempotency_mismatch')
  }
  return { document: existing, replayed: true }
}

/**
 * Creates an invoice and, unless told otherwise, issues it, in one
 * transaction: the draft rows are written first and the number is taken
 * last (IssueDocument, app/documents/actions/issue_document.ts). With an idempotency key a repeated
 * request (a retry after a timeout, a double submit) finds the document of
 * the first one instead of issuing again, and the same key with another
 * body is refused; two simultaneous requests are settled by the unique
 * index.
 *
 * Over the plan's monthly document limit nothing is issued, but what the
 * user typed is not lost: it is saved as a draft (without the idempotency
 * key, which belongs to the refused request) and the refusal carries the
 * draft's id.
 */
export async function issueNewDocument(
  tenant: Tenant,
  input: DraftInput,
  options: IssueNewOptions = {}
): Promise<{ document: Document; replayed: boolean }> {
  const key = options.idempotencyKey || null
  const shouldIssue = options.issue !== false
  const fingerprint = fingerprintOf(input, shouldIssue)
  if (key) {
    const existing = await Document.findBy('idempotency_key', key)
    if (existing) return replay(existing, fingerprint)
  }

  const draft = await prepareDraft(tenant, input)
  const issue = shouldIssue ? await prepareIssue(tenant, draftSource(tenant, input, draft)) : null

  const insert = (trx: TransactionClientContract) =>
    insertDraft(trx, tenant, input, draft, {
      idempotencyKey: key,
      requestFingerprint: key ? fingerprint : null,
      createdBy: options.createdBy,
    })
  let document: Document
  try {
    document = await refusingForeignProducts(input, async () =>
      issue ? (await issuePrepared(issue, insert))! : db.transaction(insert)
    )
  } catch (error) {
    if (key && isIdempotencyConflict(error)) {
      return replay(await Document.findByOrFail('idempotency_key', key), fingerprint)
    }
    // Refused by the issue guard (the plan's monthly limit): keep what was typed.
    if (keepsDraft(error)) {
      const kept = await db.transaction((trx) =>
        insertDraft(trx, tenant, input, draft, { createdBy: options.createdBy })
      )
      throw error.withDraft(kept.id)
    }
    throw error
  }
  return { document, replayed: false }
}
