import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * Documents a company issued in one calendar month. Written only by the
 * metering statement (#billing/usage/meter) inside the issuing transaction.
 */
export default class UsagePeriod extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  /** First day of the month in the company's time zone (YYYY-MM-DD). */
  @column.date()
  declare periodStart: DateTime

  @column()
  declare documentsIssued: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
