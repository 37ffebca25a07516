import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * How many documents a company has per issue date, type, status and
 * emission point, with their amounts. Written only by PostgreSQL triggers
 * on `documents` (migration 0720_create_document_rollups); read here.
 */
export default class DocumentDayTotal extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare environment: string

  @column.date()
  declare issueDate: DateTime

  @column()
  declare type: string

  @column()
  declare status: string

  @column()
  declare isDemo: boolean

  @column()
  declare establishmentId: number

  @column()
  declare emissionPointId: number

  @column()
  declare documents: number

  @column()
  declare subtotal: string

  @column()
  declare taxTotal: string

  @column()
  declare total: string
}
