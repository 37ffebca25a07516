import { readFile } from 'node:fs/promises'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type { I18n } from '@adonisjs/i18n'
import CatalogImport, { type ImportKind } from '#catalog/models/catalog_import'
import { CsvFileError, readCsv, type ImportEncoding } from '#catalog/imports/csv_file'
import { guessMapping, importFields } from '#catalog/imports/fields'
import { csvProblemMessage } from '#catalog/imports/messages'
import { rulesFor } from '#catalog/country_rules'
import { CatalogValidationException } from '#catalog/errors'

/**
 * Stores an uploaded CSV after reading it completely once: a file that is
 * not readable text in the chosen encoding, or is malformed, is refused
 * here with the reason next to the file field, before anything is
 * imported. The columns are matched to fields by their headers; the user
 * reviews that mapping on the preview.
 */
export default class CreateImport {
  async handle(
    file: MultipartFile,
    options: {
      kind: ImportKind
      encoding: ImportEncoding
      country: string
      membershipId: number | null
      i18n: I18n
    }
  ) {
    const content = await readFile(file.tmpPath!)
    let csv
    try {
      csv = readCsv(content, options.encoding)
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
    const fields = importFields(options.kind, rulesFor(options.country))
    return CatalogImport.create({
      membershipId: options.membershipId,
      kind: options.kind,
      status: 'uploaded',
      fileName: file.clientName.slice(0, 255),
      encoding: options.encoding,
      delimiter: csv.delimiter,
      content,
      headers: csv.headers,
      mapping: guessMapping(fields, csv.headers),
      locale: options.i18n.locale,
      totalRows: csv.rows.length,
      errors: [],
    })
  }
}
