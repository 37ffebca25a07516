import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** One line of a document, as issued. */
export default class DocumentLine extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  @column()
  declare productId: number | null

  /** Credit note lines: the invoice line they give back. */
  @column()
  declare sourceLineId: number | null

  @column()
  declare position: number

  @column()
  declare code: string

  @column()
  declare description: string

  @column()
  declare unit: string | null

  @column()
  declare quantity: string

  @column()
  declare unitPrice: string

  @column()
  declare discount: string

  @column()
  declare taxCategory: string

  /** quantity × price − discount, 2 decimals. */
  @column()
  declare subtotal: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
