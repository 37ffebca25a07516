/*
|--------------------------------------------------------------------------
| Sweeper: documents whose next step has no job
|--------------------------------------------------------------------------
|
| Every round of the pipeline writes `next_check_at` and queues the job
| for that moment. If Redis lost the job, or was unreachable when it had
| to be queued, the document would wait for ever. The sweeper (a BullMQ
| job scheduler, every minute) finds unfinished documents whose
| `next_check_at` passed more than a margin ago and queues their current
| step again. The job id names the document and the step, so a document
| whose job is still waiting, delayed or running is not doubled.
|
| The margin also guards a round in progress: a live round writes the row
| (`updated_at`) before and after every authority call (at most
| SRI_TIMEOUT_MS apart) and its job retries at most 64 s apart, so a row
| untouched for the whole margin has nobody working on it.
|
| Demo and flagged documents are left alone: the first are never sent,
| the second wait for a person ("Consultar de nuevo").
|
*/
import Document from '#documents/models/document'
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
    const batch = await Document.query({
      withoutTenantScope: 'the sweeper serves every company at once',
    })
      .select('id', 'tenant_id', 'submit_attempts', 'status_checks')
      .whereIn('status', [...UNFINISHED_STATUSES])
      .where('is_demo', false)
      .whereNull('flagged_at')
      .whereNotNull('next_check_at')
      .where('next_check_at', '<', cutoff)
      .where('updated_at', '<', cutoff)
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH_SIZE)
    for (const document of batch) {
      report.overdue += 1
      try {
        const outcome = await ensureProcessingQueued(document)
        if (outcome === 'queued') report.queued += 1
        else report.alreadyQueued += 1
      } catch {
        report.failed += 1
      }
    }
    if (batch.length < BATCH_SIZE) return report
    lastId = batch[batch.length - 1].id
  }
}
