import { DateTime } from 'luxon'
import CatalogImport from '#catalog/models/catalog_import'
import { tenantContext } from '#tenancy/tenant_context'
import { rulesFor } from '#catalog/country_rules'
import { i18nFor } from '#catalog/i18n'
import { CsvFileError, readCsv, type ImportEncoding } from '#catalog/imports/csv_file'
import { guessMapping, importFields } from '#catalog/imports/fields'
import { csvProblemMessage } from '#catalog/imports/messages'

/** Rows kept for the mapping preview. */
export const PREVIEW_ROWS = 5

/**
 * Reads an uploaded CSV once, in the worker (the job enters the company's
 * context): a file that is not readable text in the chosen encoding, or is
 * malformed, fails the import with the reason (in the uploader's language)
 * before anything is imported; otherwise the import is ready for its
 * mapping preview, with the headers, the mapping guessed from them, the
 * row count and the first rows. Only an import still `analyzing` is read,
 * so a retried job changes nothing.
 */
export default class AnalyzeImport {
  async handle(importId: number) {
    const record = await CatalogImport.find(importId)
    if (!record || record.status !== 'analyzing') return record
    try {
      const csv = readCsv(record.content, record.encoding as ImportEncoding)
      const fields = importFields(record.kind, rulesFor(tenantContext.currentOrFail().country))
      record.merge({
        status: 'uploaded',
        delimiter: csv.delimiter,
        headers: csv.headers,
        mapping: guessMapping(fields, csv.headers),
        totalRows: csv.rows.length,
        preview: csv.rows.slice(0, PREVIEW_ROWS),
      })
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error
      record.merge({
        status: 'failed',
        failure: csvProblemMessage(i18nFor(record.locale), error.problem),
        finishedAt: DateTime.now(),
      })
    }
    await record.save()
    return record
  }
}
