import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * The tax rows of a company's AUTHORIZED documents summed per issue date,
 * type and tax. Written only by PostgreSQL triggers (migration
 * 0720_create_document_rollups); read here.
 */
export default class DocumentDayTax extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare environment: string

  @column.date()
  declare issueDate: DateTime

  @column()
  declare type: string

  @column()
  declare category: string

  @column()
  declare authorityCode: string

  @column()
  declare authorityRateCode: string

  @column()
  declare rate: string

  @column()
  declare rows: number

  @column()
  declare base: string

  @column()
  declare amount: string
}
