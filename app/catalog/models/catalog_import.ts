import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

export type ImportKind = 'customers' | 'products'
export type ImportStatus =
  | 'analyzing'
  | 'uploaded'
  | 'queued'
  | 'validating'
  | 'importing'
  | 'completed'
  | 'failed'

/** One rejected row of an import, as the report shows it. */
export interface ImportRowError {
  /** Line of the file (the header is line 1). */
  line: number
  /** Target field, when the problem is in one. */
  field: string | null
  message: string
}

const json = {
  prepare: (value: unknown) =>
    value === null || value === undefined ? null : JSON.stringify(value),
}

/**
 * A CSV import of customers or products, with its file, mapping and report.
 * `analyzing` (the worker reads the file) → `uploaded` (mapping preview) →
 * `queued` → `validating` → `importing` → `completed`; `failed` from any.
 */
export default class CatalogImport extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare membershipId: number | null

  @column()
  declare kind: ImportKind

  @column()
  declare status: ImportStatus

  @column()
  declare fileName: string

  @column()
  declare encoding: string

  @column()
  declare delimiter: string

  /** The uploaded bytes, as received. */
  @column({ serializeAs: null })
  declare content: Buffer

  @column(json)
  declare headers: string[]

  /** The first rows of the file (line and cells), read by the worker for the preview. */
  @column(json)
  declare preview: Array<{ line: number; cells: string[] }>

  /** Target field → column index in the file. */
  @column(json)
  declare mapping: Record<string, number> | null

  /** Language of the row messages (the user's who started it). */
  @column()
  declare locale: string

  @column()
  declare totalRows: number

  @column()
  declare processedRows: number

  @column()
  declare validRows: number

  @column()
  declare importedRows: number

  @column()
  declare errorRows: number

  @column(json)
  declare errors: ImportRowError[]

  /** Why the whole import failed (nothing was imported), in `locale`. */
  @column()
  declare failure: string | null

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /**
   * An import without its file's bytes (up to 10 MB): what the pages and the
   * progress poll read. Only the worker loads `content`.
   */
  static findWithoutFile(id: number) {
    const columns = [...this.$columnsDefinitions.values()]
      .map((definition) => definition.columnName)
      .filter((name) => name !== 'content')
    return this.query().where('id', id).select(columns).firstOrFail()
  }
}
