import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'
import type { DocumentType, TaxEnvironment } from '#adapters/core/types'

/**
 * The last number handed out for one (establishment, emission point,
 * document type, environment) of a company. Written only by
 * `#catalog/numbering/allocate_number` and `set_next_number`.
 */
export default class NumberingSequence extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare establishmentId: number

  @column()
  declare emissionPointId: number

  @column()
  declare documentType: DocumentType

  @column()
  declare environment: TaxEnvironment

  /** bigint: pg hands it over as a string; consumed as a number (below 2^53). */
  @column({ consume: (value: string | number) => Number(value) })
  declare lastNumber: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
