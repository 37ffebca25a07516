import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'
import type { WebhookEvent } from '#webhooks/events'

/**
 * A company's webhook endpoint: where events are POSTed and which ones.
 * The signing secrets are vault rows (`secret_id`, and `previous_secret_id`
 * while a rotation overlaps); the plaintext is never a column.
 */
export default class WebhookEndpoint extends compose(BaseModel, WithTenant) {
  static table = 'webhook_endpoints'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare url: string

  @column()
  declare description: string | null

  @column({ prepare: (value: string[]) => JSON.stringify(value) })
  declare events: WebhookEvent[]

  @column({ serializeAs: null })
  declare secretId: number

  @column({ serializeAs: null })
  declare previousSecretId: number | null

  @column.dateTime()
  declare previousSecretExpiresAt: DateTime | null

  @column()
  declare isEnabled: boolean

  @column()
  declare consecutiveFailures: number

  @column.dateTime()
  declare disabledAt: DateTime | null

  @column()
  declare disabledReason: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
