import logger from '@adonisjs/core/services/logger'
import type Document from '#documents/models/document'
import { InvoicingException } from '#documents/errors'
import { ensureProcessingQueued } from '#tax/dispatch'
import { resumeFlagged } from '#tax/submissions'

/**
 * "Consultar de nuevo": a person asks the pipeline to resume a document the
 * authority kept "en proceso" past the polling window (flagged). Clears the
 * flag, opens a new polling window, records the request in the history
 * and queues the next round at once (which asks the authority before any
 * resend). The flag is cleared with a compare-and-set, so two clicks make
 * one request; a document that is not flagged (any more) is refused with a
 * message. If the queue cannot be reached the document is still resumed:
 * its submission's `next_check_at` is now, so the sweeper queues it within
 * minutes.
 */
export async function checkAgain(document: Document, requestedBy: string | null = null) {
  const submission = await resumeFlagged(document, requestedBy)
  if (!submission) throw new InvoicingException('invoicing.errors.not_flagged')
  try {
    await ensureProcessingQueued(submission)
  } catch (error) {
    logger.warn(
      { documentId: document.id, err: (error as Error).message },
      'check-again job not queued; the sweeper will queue it'
    )
  }
  return document
}
