import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'
import type { WebhookEnvelope, WebhookEvent } from '#webhooks/events'

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

/** One event for one endpoint, through all its attempts (webhook_attempts). */
export default class WebhookDelivery extends compose(BaseModel, WithTenant) {
  static table = 'webhook_deliveries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare endpointId: number

  @column()
  declare eventId: string

  @column()
  declare event: WebhookEvent

  /** The envelope sent: every attempt and replay POSTs its JSON. */
  @column({ prepare: (value: WebhookEnvelope) => JSON.stringify(value) })
  declare payload: WebhookEnvelope

  @column()
  declare status: DeliveryStatus

  @column()
  declare attempts: number

  @column.dateTime()
  declare nextAttemptAt: DateTime | null

  @column()
  declare lastStatusCode: number | null

  @column()
  declare lastError: string | null

  @column()
  declare replayOf: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
