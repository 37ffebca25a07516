/*
|--------------------------------------------------------------------------
| CSV and XLSX export of the lists
|--------------------------------------------------------------------------
|
| The columns are the import's fields with their translated names, so an
| exported file can be imported again as is. Rows are read in pages of
| 250 by id and streamed, so a big list never sits in memory, and the
| writer gives the event loop back every ROWS_PER_TURN rows, so a 50,000-row
| export never holds up the other requests of the process for long.
|
*/
import { PassThrough, Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import { Decimal } from 'decimal.js'
import type { I18n } from '@adonisjs/i18n'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import type Customer from '#catalog/models/customer'
import type Product from '#catalog/models/product'
import { displayDecimal } from '#catalog/decimal'
import { csvSafety } from '#core/csv'

export interface ExportColumn<T> {
  key: string
  /** Column title; by default the catalog's field name (`catalog.fields.<key>`). */
  header?: string
  value: (row: T) => string
  /** Decimal columns become numbers in XLSX when that keeps them exact. */
  decimal?: boolean
}

/** Rows written between two turns of the event loop (a few milliseconds of work). */
const ROWS_PER_TURN = 100

/** "Sí"/"No", translated once per export rather than once per row (formatting is costly). */
function yesNo(i18n: I18n) {
  const yes = i18n.t('catalog.common.yes')
  const no = i18n.t('catalog.common.no')
  return (value: boolean) => (value ? yes : no)
}

export function customerColumns(i18n: I18n, withCountryFields: string[]): ExportColumn<Customer>[] {
  const flag = yesNo(i18n)
  const columns: ExportColumn<Customer>[] = [
    { key: 'identificationType', value: (row) => row.identificationType },
    { key: 'identification', value: (row) => row.identification },
    { key: 'checkDigits', value: (row) => row.checkDigits ?? '' },
    { key: 'taxpayerType', value: (row) => row.taxpayerType ?? '' },
    { key: 'foreignIdType', value: (row) => row.foreignIdType ?? '' },
    { key: 'foreignCountry', value: (row) => row.foreignCountry ?? '' },
    { key: 'legalName', value: (row) => row.legalName },
    { key: 'tradeName', value: (row) => row.tradeName ?? '' },
    { key: 'address', value: (row) => row.address ?? '' },
    { key: 'emails', value: (row) => row.emails.join('; ') },
    { key: 'phone', value: (row) => row.phone ?? '' },
    { key: 'notes', value: (row) => row.notes ?? '' },
    { key: 'isActive', value: (row) => flag(row.isActive) },
  ]
  return columns.filter(
    (column) => withCountryFields.includes(column.key) || column.key === 'isActive'
  )
}

export function productColumns(i18n: I18n): ExportColumn<Product>[] {
  const flag = yesNo(i18n)
  return [
    { key: 'code', value: (row) => row.code },
    { key: 'description', value: (row) => row.description },
    { key: 'unit', value: (row) => row.unit ?? '' },
    { key: 'unitPrice', value: (row) => displayDecimal(row.unitPrice), decimal: true },
    { key: 'taxCategory', value: (row) => row.taxCategory },
    { key: 'trackStock', value: (row) => flag(row.trackStock) },
    {
      key: 'stock',
      value: (row) => (row.stock === null ? '' : displayDecimal(row.stock, 0)),
      decimal: true,
    },
    { key: 'isActive', value: (row) => flag(row.isActive) },
  ]
}

/**
 * The rows of a list query, read 250 at a time (keyset-paginated by id)
 * and handed out one by one, with a turn of the event loop every
 * ROWS_PER_TURN rows.
 */
async function* rows<T extends { id: number }>(
  makeQuery: () => ModelQueryBuilderContract<LucidModel, T>
): AsyncGenerator<T> {
  let lastId = 0
  let sinceTurn = 0
  while (true) {
    const page = (await makeQuery()
      .where('id', '>', lastId)
      .clearOrder()
      .orderBy('id', 'asc')
      .limit(250)) as T[]
    if (page.length === 0) return
    for (const row of page) {
      yield row
      if (++sinceTurn === ROWS_PER_TURN) {
        sinceTurn = 0
        await nextTurn()
      }
    }
    lastId = page[page.length - 1].id
  }
}

function headers(i18n: I18n, columns: ExportColumn<never>[]) {
  return columns.map((column) => column.header ?? i18n.t(`catalog.fields.${column.key}`))
}

/**
 * CSV in UTF-8 with a BOM (so Excel shows accents), comma-separated; cells
 * that a spreadsheet would run as a formula are neutralised (#core/csv).
 */
export function csvExport<T extends { id: number }>(
  i18n: I18n,
  columns: ExportColumn<T>[],
  makeQuery: () => ModelQueryBuilderContract<LucidModel, T>
): Readable {
  const output = stringify({
    ...csvSafety,
    bom: true,
    header: true,
    columns: headers(i18n, columns as ExportColumn<never>[]),
  })
  const write = async () => {
    for await (const row of rows(makeQuery)) {
      if (!output.write(columns.map((column) => column.value(row)))) {
        await new Promise((resolve) => output.once('drain', resolve))
      }
    }
    output.end()
  }
  write().catch((error) => output.destroy(error))
  return output
}

/** A decimal string as an XLSX number only when the number is exactly the same value. */
function xlsxValue(column: ExportColumn<never>, value: string): string | number {
  if (!column.decimal || value === '') return value
  const asNumber = Number(value)
  return new Decimal(asNumber).eq(new Decimal(value)) ? asNumber : value
}

export function xlsxExport<T extends { id: number }>(
  i18n: I18n,
  sheetName: string,
  columns: ExportColumn<T>[],
  makeQuery: () => ModelQueryBuilderContract<LucidModel, T>
): Readable {
  const output = new PassThrough()
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true })
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31))
    const header = sheet.addRow(headers(i18n, columns as ExportColumn<never>[]))
    header.font = { bold: true }
    header.commit()
    for await (const row of rows(makeQuery)) {
      sheet
        .addRow(
          columns.map((column) => xlsxValue(column as ExportColumn<never>, column.value(row)))
        )
        .commit()
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error) => output.destroy(error))
  return output
}
