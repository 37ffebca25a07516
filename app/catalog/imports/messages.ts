import type { I18n } from '@adonisjs/i18n'
import type { CsvProblem } from '#catalog/imports/csv_file'

/** The user's explanation of a file that cannot be read at all. */
export function csvProblemMessage(i18n: I18n, problem: CsvProblem) {
  switch (problem.code) {
    case 'encoding':
      return i18n.t('catalog.imports.errors.encoding', {
        encoding: problem.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252',
      })
    case 'malformed':
      return i18n.t('catalog.imports.errors.malformed', { line: problem.line })
    case 'too_many_rows':
      return i18n.t('catalog.imports.errors.too_many_rows', { max: problem.max })
    default:
      return i18n.t(`catalog.imports.errors.${problem.code}`)
  }
}
