import logger from '@adonisjs/core/services/logger'
import type { DocumentStatusChanged } from '#documents/events'
import { queueProcessing } from '#tax/dispatch'

/**
 * document:issued → the first round of authority work is queued. If the
 * queue cannot be reached the issue still stands: the submission row
 * opened with the issue is due now, so the sweeper queues it within
 * minutes.
 */
export default class SubmitIssuedDocument {
  async handle(event: DocumentStatusChanged) {
    try {
      // A just-issued document has made no attempt yet: its first step.
      await queueProcessing({
        documentId: event.documentId,
        tenantId: event.tenantId,
        submitAttempts: 0,
        statusChecks: 0,
      })
    } catch (error) {
      logger.warn(
        { documentId: event.documentId, err: (error as Error).message },
        'issued document not queued; the sweeper will queue it'
      )
    }
  }
}
