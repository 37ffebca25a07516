import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** An expiry alert already sent (one per certificate and threshold). */
export default class CertificateAlert extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare certificateId: number

  /** Days before expiry (30, 15, 7, 1), or 0 once expired. */
  @column()
  declare threshold: number

  @column()
  declare recipients: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
