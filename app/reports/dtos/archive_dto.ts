import type DocumentArchive from '#reports/models/document_archive'

export interface ArchiveDto {
  id: number
  status: DocumentArchive['status']
  from: string
  to: string
  includePdf: boolean
  total: number
  done: number
  fileSize: number | null
  failure: string | null
  createdAt: string
}

export function toArchiveDto(archive: DocumentArchive): ArchiveDto {
  return {
    id: archive.id,
    status: archive.status,
    from: archive.dateFrom.toISODate()!,
    to: archive.dateTo.toISODate()!,
    includePdf: archive.includePdf,
    total: archive.total,
    done: archive.done,
    fileSize: archive.fileSize,
    failure: archive.failure,
    createdAt: archive.createdAt.toISO()!,
  }
}
