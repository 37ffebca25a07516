/*
|--------------------------------------------------------------------------
| Sweeper: documents whose next step has no job
|--------------------------------------------------------------------------
|
| Every round of the pipeline writes `next_check_at` (on the document's
| submission row, tax_submissions) and queues the job for that moment. If Redis lost the job, or was unreachable when it had
| to be queued, the document would wait for ever. The sweeper (a BullMQ
| job scheduler, every minute) finds unfinished documents whose
| `next_check_at` passed more than a margin ago and queues their current
| step again. The job id names the document and the step, so a document
| whose job is still waiting, delayed or running is not doubled.
|
| The margin also guards a round in progress: a live round writes the
| submission row (`updated_at`) before and after every authority call (at most
| SRI_TIMEOUT_MS apart) and its job retries at most 64 s apart, so a row
| untouched for the whole margin has nobody working on it.
|
| Demo and flagged documents are left alone: the first are never sent,
| the second wait for a person ("Consultar de nuevo").
|
*/
import TaxSubmission from '#tax/models/tax_submission'
import { UNFINISHED_STATUSES } from '#documents/state_machine'
import { ensureProcessingQueued } from '#tax/dispatch'

/** How late `next_check_at` (and the last write) must be before the sweeper steps in. */
export const SWEEP_MARGIN_MS = 2 * 60_000
const BATCH_SIZE = 500

export interface SweepReport {
  /** Documents found overdue. */
  overdue: number
  /** Of those, queued again. */
  queued: number
  /** Of those, whose job was still waiting, delayed or running. */
  alreadyQueued: number
  /** Of those, that could not be queued (retried on the next sweep). */
  failed: number
}

export interface SweepOptions {
  now?: Date
  marginMs?: number
}

/** Queues again every overdue document, across companies. */
export async function sweepDocuments(options: SweepOptions = {}): Promise<SweepReport> {
  const now = options.now ?? new Date()
  const cutoff = new Date(now.getTime() - (options.marginMs ?? SWEEP_MARGIN_MS))
  const report: SweepReport = { overdue: 0, queued: 0, alreadyQueued: 0, failed: 0 }
  let lastId = 0
  for (;;) {
    // Each job the sweeper queues carries its document's tenant (dispatchForTenant).
    const batch = await TaxSubmission.query({
      withoutTenantScope: 'the sweeper serves every company at once',
    })
      .join('documents', (join) => {
        join
          .on('documents.id', 'tax_submissions.document_id')
          .andOn('documents.tenant_id', 'tax_submissions.tenant_id')
      })
      .select(
        'tax_submissions.document_id',
        'tax_submissions.tenant_id',
        'tax_submissions.submit_attempts',
        'tax_submissions.status_checks'
      )
      .whereIn('documents.status', [...UNFINISHED_STATUSES])
      .where('documents.is_demo', false)
      .whereNull('tax_submissions.flagged_at')
      .whereNotNull('tax_submissions.next_check_at')
      .where('tax_submissions.next_check_at', '<', cutoff)
      .where('tax_submissions.updated_at', '<', cutoff)
      .where('tax_submissions.document_id', '>', lastId)
      .orderBy('tax_submissions.document_id')
      .limit(BATCH_SIZE)
    for (const submission of batch) {
      report.overdue += 1
      try {
        const outcome = await ensureProcessingQueued(submission)
        if (outcome === 'queued') report.queued += 1
        else report.alreadyQueued += 1
      } catch {
        report.failed += 1
      }
    }
    if (batch.length < BATCH_SIZE) return report
    lastId = batch[batch.length - 1].documentId
  }
}
