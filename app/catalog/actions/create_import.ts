import { readFile } from 'node:fs/promises'
import logger from '@adonisjs/core/services/logger'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type { I18n } from '@adonisjs/i18n'
import CatalogImport, { type ImportKind } from '#catalog/models/catalog_import'
import { CsvFileError, checkCsvSignature, type ImportEncoding } from '#catalog/imports/csv_file'
import { csvProblemMessage } from '#catalog/imports/messages'
import { CatalogRuleException, CatalogValidationException } from '#catalog/errors'
import AnalyzeImportJob from '#catalog/jobs/analyze_import_job'
import { CATALOG_IMPORT_QUEUE } from '#catalog/jobs/import_catalog_job'
import { dispatchForTenant } from '#tenancy/tenant_job'

/**
 * Stores an uploaded CSV and queues its reading. The web request does no
 * work proportional to the file (a 10 MB CSV takes about a second to parse,
 * which would stall every other request of the process): it checks only the
 * first bytes (empty file, spreadsheet), stores the bytes and lets the
 * worker decode, parse and count the file (AnalyzeImport). The import page
 * shows the worker's verdict: the mapping preview, or why the file cannot
 * be read.
 */
export default class CreateImport {
  async handle(
    file: MultipartFile,
    options: {
      kind: ImportKind
      encoding: ImportEncoding
      membershipId: number | null
      i18n: I18n
    }
  ) {
    const content = await readFile(file.tmpPath!)
    try {
      checkCsvSignature(content)
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error
      throw new CatalogValidationException([
        {
          field: 'file',
          rule: error.problem.code,
          message: csvProblemMessage(options.i18n, error.problem),
        },
      ])
    }
    const record = await CatalogImport.create({
      membershipId: options.membershipId,
      kind: options.kind,
      status: 'analyzing',
      fileName: file.clientName.slice(0, 255),
      encoding: options.encoding,
      // Found by the worker from the header line.
      delimiter: ',',
      content,
      headers: [],
      preview: [],
      mapping: null,
      locale: options.i18n.locale,
      totalRows: 0,
      errors: [],
    })
    try {
      await dispatchForTenant(
        AnalyzeImportJob,
        { importId: record.id },
        { queueName: CATALOG_IMPORT_QUEUE, attempts: 3 }
      )
    } catch (error) {
      // Redis unreachable: nothing is kept, the user still has the file.
      logger.error({ err: error, importId: record.id }, 'could not queue a catalog import')
      await record.delete()
      throw new CatalogRuleException(options.i18n.t('catalog.imports.errors.upload_unavailable'))
    }
    return record
  }
}
