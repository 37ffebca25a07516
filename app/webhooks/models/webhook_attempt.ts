import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** One try of a delivery: the delivery log's line. */
export default class WebhookAttempt extends compose(BaseModel, WithTenant) {
  static table = 'webhook_attempts'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare deliveryId: number

  @column()
  declare attempt: number

  @column()
  declare statusCode: number | null

  @column()
  declare responseExcerpt: string | null

  @column()
  declare error: string | null

  @column()
  declare durationMs: number

  @column()
  declare succeeded: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
