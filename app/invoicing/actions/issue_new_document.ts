import type Tenant from '#tenancy/models/tenant'
import Document from '#invoicing/models/document'
import { createDraft, type DraftInput } from '#invoicing/actions/save_draft'
import { issueDocument } from '#tax/issue_document'

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

/**
 * Creates an invoice and, unless told otherwise, issues it. With an
 * idempotency key a repeated request (a retry after a timeout, a double
 * submit) finds the document of the first one instead of issuing again;
 * two simultaneous requests are settled by the unique index.
 */
export async function issueNewDocument(
  tenant: Tenant,
  input: DraftInput,
  options: IssueNewOptions = {}
): Promise<{ document: Document; replayed: boolean }> {
  const key = options.idempotencyKey || null
  if (key) {
    const existing = await Document.findBy('idempotency_key', key)
    if (existing) return { document: existing, replayed: true }
  }
  let document: Document
  try {
    document = await createDraft(tenant, input, {
      idempotencyKey: key,
      createdBy: options.createdBy,
    })
  } catch (error) {
    if (key && isIdempotencyConflict(error)) {
      return { document: await Document.findByOrFail('idempotency_key', key), replayed: true }
    }
    throw error
  }
  if (options.issue !== false) await issueDocument(tenant, document)
  return { document, replayed: false }
}
