import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

export const LIMIT_KINDS = ['documents', 'establishments', 'users'] as const
export type LimitKind = (typeof LIMIT_KINDS)[number]

export const ALERT_THRESHOLDS = [80, 100] as const
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number]

/** A plan-limit alert already sent (once per limit, threshold and month). */
export default class LimitAlert extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare limitKind: LimitKind

  @column()
  declare threshold: AlertThreshold

  @column.date()
  declare periodStart: DateTime

  @column()
  declare used: number

  @column()
  declare maximum: number

  @column()
  declare planCode: string

  @column()
  declare recipients: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
