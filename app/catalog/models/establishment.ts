import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { WithTenant } from '#tenancy/with_tenant'
import EmissionPoint from '#catalog/models/emission_point'

/** EC establecimiento / PA sucursal: a place the company issues from. */
export default class Establishment extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  /** EC "001"; PA "0000" (casa matriz), "0001"… */
  @column()
  declare code: string

  @column()
  declare name: string | null

  @column()
  declare address: string

  @column()
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @hasMany(() => EmissionPoint)
  declare emissionPoints: HasMany<typeof EmissionPoint>
}
