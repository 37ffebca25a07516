/*
|--------------------------------------------------------------------------
| CSV cells that a spreadsheet will not run
|--------------------------------------------------------------------------
|
| A cell that starts with =, +, -, @, a tab or a carriage return is read by
| Excel, LibreOffice and Google Sheets as a formula, so a customer named
| `=HYPERLINK("http://evil…")` typed by one user would run on the computer
| of whoever opens the export. Following OWASP's CSV-injection guidance,
| such cells get a leading single quote, which spreadsheets show as text
| and do not display. Plain numbers (-12.50) are left alone: they are not
| formulas and must stay numbers. Every CSV Facturo writes goes through
| `csvSafety` (csv-stringify's cast option); the import strips the quote
| again, so an exported file imports back unchanged.
|
*/

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/
const NEUTRALISED = /^'[=+\-@\t\r]/

/** The cell as written to a CSV file: formula-like text gets a leading `'`. */
export function neutralizeCsvCell(value: string): string {
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value
  return `'${value}`
}

/** The cell as read back from a CSV file Facturo wrote (the inverse of the above). */
export function restoreCsvCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value
}

/** csv-stringify options every CSV export passes. */
export const csvSafety = {
  cast: { string: (value: string) => neutralizeCsvCell(value) },
}
