import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * A company's AUTHORIZED sales per month, type and buyer (the
 * identification written on the documents). Written only by PostgreSQL
 * triggers (migration 0720_create_document_rollups); read here.
 */
export default class DocumentMonthCustomer extends compose(BaseModel, WithTenant) {
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
  declare identification: string

  @column()
  declare name: string | null

  @column()
  declare documents: number

  @column()
  declare subtotal: string

  @column()
  declare taxTotal: string

  @column()
  declare total: string
}
