import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/**
 * A customer (buyer) of the company. The identification type is a code of
 * the tenant's country rules; the Panama-only fields stay null elsewhere.
 */
export default class Customer extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare identificationType: string

  @column()
  declare identification: string

  /** PA: RUC check digits (DV). */
  @column()
  declare checkDigits: string | null

  /** PA: tipoContribuyente, '1' natural or '2' juridical. */
  @column()
  declare taxpayerType: string | null

  /** PA: identification type of a foreign customer. */
  @column()
  declare foreignIdType: string | null

  /** PA: country that issued a foreign customer's passport. */
  @column()
  declare foreignCountry: string | null

  @column()
  declare legalName: string

  @column()
  declare tradeName: string | null

  @column()
  declare address: string | null

  @column({ prepare: (value: string[]) => JSON.stringify(value ?? []) })
  declare emails: string[]

  @column()
  declare phone: string | null

  @column()
  declare notes: string | null

  @column()
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
