import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type StripeEventStatus = 'processing' | 'processed' | 'ignored' | 'failed'

/**
 * One Stripe webhook event as received (the inbox). A platform model: the
 * company is known only once the event is read, and some events concern
 * no company at all.
 */
export default class StripeEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare stripeEventId: string

  @column()
  declare type: string

  @column()
  declare livemode: boolean

  @column.dateTime()
  declare stripeCreatedAt: DateTime

  @column()
  declare tenantId: number | null

  @column()
  declare status: StripeEventStatus

  @column()
  declare attempts: number

  @column()
  declare error: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value) })
  declare payload: Record<string, unknown>

  @column.dateTime()
  declare receivedAt: DateTime

  @column.dateTime()
  declare processedAt: DateTime | null
}
