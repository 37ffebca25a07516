import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * The authority work on one issued document (1:1, keyed by the document):
 * opened by the issue statement, then written by the tax pipeline only
 * (app/tax/submissions.ts). The document itself (#documents) keeps the
 * sale, its status and the authorization results; the authority's replies
 * are in its history (document_events).
 */
export default class TaxSubmission extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare documentId: number

  /** Times the document was handed to the transport (written before each send). */
  @column()
  declare submitAttempts: number

  /** Status polls, and failed rounds (each round gets its own job id from both counters). */
  @column()
  declare statusChecks: number

  /** When the authority first acknowledged it (received, or "already there"). */
  @column.dateTime()
  declare submittedAt: DateTime | null

  /** When the authority became unreachable for it (the outage banner); null once it answered. */
  @column.dateTime()
  declare pendingSince: DateTime | null

  /** When the next round is due; null when no round is due (final, or flagged). */
  @column.dateTime()
  declare nextCheckAt: DateTime | null

  /** Set when the authority kept it "en proceso" past the polling window. */
  @column.dateTime()
  declare flaggedAt: DateTime | null

  /** Start of the current polling window when reset by "check again" (else submittedAt). */
  @column.dateTime()
  declare pollingSince: DateTime | null

  /** The last failure, explained: a transport error or the authority's reason for a rejection. */
  @column()
  declare lastError: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
