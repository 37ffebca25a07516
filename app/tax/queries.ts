/*
|--------------------------------------------------------------------------
| What the pages read about authority work
|--------------------------------------------------------------------------
|
| The outage banner (every page of a company), the platform backlog and
| the submission summary of a document page. Submission state is in
| tax_submissions (this module's table), the status in documents: each
| query joins the two on the document's key.
|
*/
import db from '@adonisjs/lucid/services/db'
import { UNFINISHED_STATUSES } from '#documents/state_machine'
import type Document from '#documents/models/document'
import {
  NOTHING_SUBMITTED,
  SubmissionSummaries,
  type SubmissionSummary,
} from '#documents/submission_summary'
import { withoutTenantScope } from '#tenancy/tenant_context'

export interface OutageState {
  /** Documents waiting for the authority to answer again. */
  pending: number
  /** When the oldest of them started waiting (ISO), or null. */
  since: string | null
}

/**
 * The outage banner of one company: its real documents (never the demo
 * seed's) that are PENDING because the authority could not be reached
 * (`pending_since` is set by the transport failure) and that the pipeline
 * will still retry on its own (not flagged for a person).
 */
export async function outageState(tenantId: number): Promise<OutageState> {
  // Filtered by tenant by hand: a plain query builder (row-level security
  // would hide other companies' rows anyway; see docs/architecture.md).
  const row = await db
    .from('documents')
    .join('tax_submissions', (join) => {
      join
        .on('tax_submissions.document_id', 'documents.id')
        .andOn('tax_submissions.tenant_id', 'documents.tenant_id')
    })
    .where('documents.tenant_id', tenantId)
    .where('documents.status', 'PENDING')
    .where('documents.is_demo', false)
    .whereNotNull('tax_submissions.pending_since')
    .whereNull('tax_submissions.flagged_at')
    .count('* as total')
    .min('tax_submissions.pending_since as since')
    .first()
  const pending = Number(row?.total ?? 0)
  const since = pending && row?.since ? new Date(row.since).toISOString() : null
  return { pending, since }
}

/**
 * The platform backlog for the super-admin console: documents still
 * waiting on an authority, across companies.
 */
export function documentBacklog() {
  return withoutTenantScope('the platform console counts the backlog of every company', backlog)
}

async function backlog() {
  const rows = await db
    .from('documents')
    .whereIn('status', [...UNFINISHED_STATUSES])
    .where('is_demo', false)
    .select('status')
    .count('* as total')
    .countDistinct('tenant_id as tenants')
    .groupBy('status')
  const byStatus: Record<string, number> = { ISSUED: 0, SUBMITTED: 0, PENDING: 0 }
  for (const row of rows) byStatus[row.status] = Number(row.total)
  const flagged = await db
    .from('documents')
    .join('tax_submissions', (join) => {
      join
        .on('tax_submissions.document_id', 'documents.id')
        .andOn('tax_submissions.tenant_id', 'documents.tenant_id')
    })
    .whereIn('documents.status', [...UNFINISHED_STATUSES])
    .whereNotNull('tax_submissions.flagged_at')
    .count('* as total')
    .first()
  return {
    total: byStatus.ISSUED + byStatus.SUBMITTED + byStatus.PENDING,
    byStatus,
    flagged: Number(flagged?.total ?? 0),
  }
}

/** The document page's summary of the submission (bound for the lifecycle by the tax provider). */
export class TaxSubmissionSummaries extends SubmissionSummaries {
  async of(document: Pick<Document, 'id' | 'tenantId'>): Promise<SubmissionSummary> {
    const row = await db
      .from('tax_submissions')
      .where('document_id', document.id)
      .where('tenant_id', document.tenantId)
      .select('flagged_at', 'last_error')
      .first()
    if (!row) return NOTHING_SUBMITTED
    return { flagged: row.flagged_at !== null, lastError: row.last_error }
  }
}
