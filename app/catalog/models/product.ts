import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * A product or service. `unitPrice` and `stock` are numeric(18,6) and stay
 * decimal strings ("12.500000") from the database to the page: never
 * floats.
 */
export default class Product extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare description: string

  @column()
  declare unit: string | null

  @column()
  declare unitPrice: string

  /** The country's tax category code (EC 'iva_15', PA 'itbms_7'…). */
  @column()
  declare taxCategory: string

  @column()
  declare trackStock: boolean

  /** Current stock when tracked, else null. */
  @column()
  declare stock: string | null

  @column()
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
