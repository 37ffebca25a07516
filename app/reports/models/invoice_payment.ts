import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** Money received against an invoice; the fiscal document never changes. */
export default class InvoicePayment extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  @column.date()
  declare paidOn: DateTime

  /** cash, transfer, card, cheque, other. */
  @column()
  declare method: string

  @column()
  declare amount: string

  @column()
  declare reference: string | null

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
