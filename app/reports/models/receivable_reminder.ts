import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** One reminder e-mail sent to a customer about an overdue invoice. */
export default class ReceivableReminder extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  @column()
  declare sentTo: string

  @column()
  declare daysOverdue: number

  @column()
  declare outstanding: string

  @column.dateTime()
  declare sentAt: DateTime
}
