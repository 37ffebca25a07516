import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * The lines of a company's AUTHORIZED documents per month, type and
 * product code. Written only by PostgreSQL triggers (migration
 * 0720_create_document_rollups); read here.
 */
export default class DocumentMonthProduct extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare environment: string

  /** First day of the month. */
  @column.date()
  declare month: DateTime

  @column()
  declare type: string

  @column()
  declare code: string

  @column()
  declare description: string | null

  /** Documents with at least one line of this code. */
  @column()
  declare documents: number

  @column()
  declare subtotal: string
}
