import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { AuthorityMessage } from '#adapters/core/types'
import { WithTenant } from '#tenancy/with_tenant'
import type { DocumentStatus } from '#documents/state_machine'

export type DocumentEventKind =
  | 'created'
  | 'issued'
  | 'submitted'
  | 'returned'
  | 'status_checked'
  | 'authorized'
  | 'rejected'
  | 'transport_error'
  | 'flagged'
  | 'check_requested'
  | 'emailed'
  | 'email_failed'
  | 'email_fallback'
  | 'email_tracked'
  | 'voided'
  | 'void_refused'

/** One entry of a document's status history. */
export default class DocumentEvent extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  @column()
  declare kind: DocumentEventKind

  @column()
  declare fromStatus: DocumentStatus | null

  @column()
  declare toStatus: DocumentStatus | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? []) })
  declare messages: AuthorityMessage[]

  /** The authority's reply as received, for audit. */
  @column({ serializeAs: null })
  declare raw: string | null

  @column()
  declare detail: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
