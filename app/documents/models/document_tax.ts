import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** Tax total of one category on a document (from the adapter's build step). */
export default class DocumentTax extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  @column()
  declare category: string

  @column()
  declare authorityCode: string

  @column()
  declare authorityRateCode: string

  @column()
  declare rate: string

  @column()
  declare base: string

  @column()
  declare amount: string
}
