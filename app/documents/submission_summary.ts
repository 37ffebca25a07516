/*
|--------------------------------------------------------------------------
| What a document's page shows about its submission
|--------------------------------------------------------------------------
|
| The authority work on a document (attempts, polling, the flag for a
| person, the last failure) is kept by the tax module in its own table; the
| lifecycle does not import it. The document page asks the container's
| `SubmissionSummaries`, which the tax provider binds. Without a binding
| nothing is known: not flagged, no failure.
|
*/
import app from '@adonisjs/core/services/app'
import type Document from '#documents/models/document'

export interface SubmissionSummary {
  /** The authority kept it "en proceso" past the polling window: a person may ask again. */
  flagged: boolean
  /** The last failure, explained (transport error, or the reason for a rejection). */
  lastError: string | null
}

export const NOTHING_SUBMITTED: SubmissionSummary = Object.freeze({
  flagged: false,
  lastError: null,
})

export class SubmissionSummaries {
  /** The summary of one document of the current company. */
  async of(_document: Pick<Document, 'id' | 'tenantId'>): Promise<SubmissionSummary> {
    return NOTHING_SUBMITTED
  }
}

/** The container's summaries. */
export function submissionSummaries() {
  return app.container.make(SubmissionSummaries)
}
