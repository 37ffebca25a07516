/*
|--------------------------------------------------------------------------
| Reading an uploaded CSV
|--------------------------------------------------------------------------
|
| Spreadsheets in Ecuador and Panama are often saved by Excel in
| Windows-1252 with semicolons, others in UTF-8 (with or without BOM) with
| commas. The file is decoded strictly in the encoding the user picked, so
| a wrong or broken encoding is reported instead of importing "Ã©" for
| "é"; the delimiter is detected from the header line.
|
*/
import { parse } from 'csv-parse/sync'
import { restoreCsvCell } from '#core/csv'

export const IMPORT_ENCODINGS = ['utf-8', 'windows-1252'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

/** Largest file the import accepts, in rows (the upload is capped at 10 MB too). */
export const MAX_IMPORT_ROWS = 50_000

export type CsvProblem =
  | { code: 'empty' }
  | { code: 'spreadsheet' }
  | { code: 'binary' }
  | { code: 'encoding'; encoding: ImportEncoding }
  | { code: 'malformed'; line: number }
  | { code: 'no_rows' }
  | { code: 'too_many_rows'; max: number }

export class CsvFileError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(`Unreadable CSV: ${problem.code}`)
  }
}

export interface CsvRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number
  cells: string[]
}

export interface CsvContent {
  delimiter: string
  headers: string[]
  rows: CsvRow[]
}

/**
 * The checks that need only the first bytes (an empty file, a spreadsheet
 * saved as .csv): cheap enough for the upload request itself, so the most
 * common mistakes get their message at once, next to the file field.
 */
export function checkCsvSignature(content: Buffer) {
  if (content.length === 0) throw new CsvFileError({ code: 'empty' })
  // XLSX and ODS files are ZIP archives ("PK\x03\x04"); old XLS starts with the OLE signature.
  if (
    content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ||
    content.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))
  ) {
    throw new CsvFileError({ code: 'spreadsheet' })
  }
}

/**
 * Decodes the bytes strictly; throws CsvFileError for files that are not
 * text in that encoding. It reads the whole file: run it in the worker.
 */
export function decodeCsv(content: Buffer, encoding: ImportEncoding): string {
  checkCsvSignature(content)
  if (content.includes(0)) throw new CsvFileError({ code: 'binary' })
  let textContent: string
  try {
    textContent = new TextDecoder(encoding, { fatal: true }).decode(content)
  } catch {
    throw new CsvFileError({ code: 'encoding', encoding })
  }
  // Windows-1252 maps almost every byte, so a UTF-8 file read as 1252 shows
  // as "Ã©"-style pairs: refuse that too rather than import mojibake.
  if (encoding === 'windows-1252' && /Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]/.test(textContent)) {
    throw new CsvFileError({ code: 'encoding', encoding })
  }
  return textContent.replace(/^\uFEFF/, '')
}

/** The most frequent of comma, semicolon and tab outside quotes on the first line. */
export function detectDelimiter(textContent: string): string {
  const firstLine = textContent.split(/\r?\n/, 1)[0] ?? ''
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && char in counts) counts[char]++
  }
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1])
  return best[1] > 0 ? best[0] : ','
}

/**
 * Parses the whole file: the first non-empty line is the header. `limit`
 * stops after that many data rows (for previews).
 */
export function readCsv(
  content: Buffer,
  encoding: ImportEncoding,
  options: { limit?: number; delimiter?: string } = {}
): CsvContent {
  const textContent = decodeCsv(content, encoding)
  const delimiter = options.delimiter ?? detectDelimiter(textContent)
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(textContent, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // The header plus `limit` rows, when previewing.
      to: options.limit === undefined ? undefined : options.limit + 1,
      // With `info`, each record comes as { record, info }.
    }) as unknown as typeof records
  } catch (error) {
    const parserError = error as { code?: string; lines?: number }
    // The parser reports where it gave up (the end of the file for an
    // unclosed quote); the user needs the line where the quote opened.
    const line =
      (parserError.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(textContent) : null) ??
      (Number(parserError.lines) || 1)
    throw new CsvFileError({ code: 'malformed', line })
  }
  if (records.length === 0) throw new CsvFileError({ code: 'empty' })
  const [header, ...data] = records
  const rows = data
    .filter(({ record }) => record.some((cell) => cell !== ''))
    .map(({ record, info }) => ({
      // info.lines is the line the record ends on; quoted line breaks
      // inside it move its start up.
      line: info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0),
      // A cell Facturo's own export neutralised ('=…) comes back as typed.
      cells: record.map(restoreCsvCell),
    }))
  if (rows.length === 0 && options.limit !== 0) throw new CsvFileError({ code: 'no_rows' })
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new CsvFileError({ code: 'too_many_rows', max: MAX_IMPORT_ROWS })
  }
  return { delimiter, headers: header.record.map((cell) => cell.trim()), rows }
}

/** Line where the last quote that never closes opens, or null when every quote closes. */
function unclosedQuoteLine(textContent: string): number | null {
  let line = 1
  let quoted = false
  let openedAt = 1
  for (const char of textContent) {
    if (char === '\n') line++
    else if (char === '"') {
      // A doubled quote inside a field toggles twice and changes nothing.
      quoted = !quoted
      if (quoted) openedAt = line
    }
  }
  return quoted ? openedAt : null
}
