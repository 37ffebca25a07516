import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** A payment method of an invoice. */
export default class DocumentPayment extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare documentId: number

  /** A code of the country's payment methods (its adapter's paymentMethods()). */
  @column()
  declare method: string

  @column()
  declare amount: string

  @column()
  declare term: number | null

  @column()
  declare termUnit: string | null
}
