import type CatalogImport from '#catalog/models/catalog_import'
import type { ImportRowError } from '#catalog/models/catalog_import'

export interface ImportDto {
  id: number
  kind: string
  status: string
  fileName: string
  encoding: string
  headers: string[]
  mapping: Record<string, number>
  totalRows: number
  processedRows: number
  validRows: number
  importedRows: number
  errorRows: number
  /** 0–100: validation is the first 60 %, inserting the rest. */
  progress: number
  errors: ImportRowError[]
  /** Rows in error beyond those listed. */
  moreErrors: number
  failure: string | null
  finished: boolean
}

export function importProgress(record: CatalogImport): number {
  switch (record.status) {
    case 'completed':
      return 100
    case 'validating':
      return record.totalRows ? Math.floor((record.processedRows / record.totalRows) * 60) : 0
    case 'importing':
      return (
        60 + (record.validRows ? Math.floor((record.importedRows / record.validRows) * 40) : 40)
      )
    default:
      return 0
  }
}

/** The import as its page polls it; `errorLimit` caps the listed rows. */
export function toImportDto(record: CatalogImport, errorLimit = 200): ImportDto {
  const errors = record.errors ?? []
  const listed = errors.slice(0, errorLimit)
  const listedLines = new Set(listed.map((error) => error.line)).size
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    fileName: record.fileName,
    encoding: record.encoding,
    headers: record.headers,
    mapping: record.mapping ?? {},
    totalRows: record.totalRows,
    processedRows: record.processedRows,
    validRows: record.validRows,
    importedRows: record.importedRows,
    errorRows: record.errorRows,
    progress: importProgress(record),
    errors: listed,
    moreErrors: Math.max(0, record.errorRows - listedLines),
    failure: record.failure,
    finished: record.status === 'completed' || record.status === 'failed',
  }
}
