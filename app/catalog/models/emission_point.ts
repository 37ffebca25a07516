import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { WithTenant } from '#tenancy/with_tenant'
import Establishment from '#catalog/models/establishment'

/** EC punto de emisión / PA punto de facturación of an establishment. */
export default class EmissionPoint extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare establishmentId: number

  /** "001"… */
  @column()
  declare code: string

  @column()
  declare description: string | null

  @column()
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Establishment)
  declare establishment: BelongsTo<typeof Establishment>
}
