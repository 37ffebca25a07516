import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

export type ArchiveStatus = 'queued' | 'building' | 'ready' | 'failed'

/** A ZIP of a period's authorized XMLs (and PDFs), with its progress. */
export default class DocumentArchive extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @column()
  declare status: ArchiveStatus

  @column.date()
  declare dateFrom: DateTime

  @column.date()
  declare dateTo: DateTime

  @column()
  declare includePdf: boolean

  @column()
  declare total: number

  @column()
  declare done: number

  /** Absolute path of the finished file; never sent to a page. */
  @column({ serializeAs: null })
  declare filePath: string | null

  @column({ consume: (value) => (value === null ? null : Number(value)) })
  declare fileSize: number | null

  @column()
  declare failure: string | null

  @column()
  declare locale: string

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
