/*
|--------------------------------------------------------------------------
| The period report as CSV and XLSX
|--------------------------------------------------------------------------
|
| The same figures as the page (BuildPeriodReport), one section per table:
| in CSV one after another with a title row, in XLSX one sheet each.
| Amounts are plain decimals with a dot ("1234.50") so spreadsheets read
| them as numbers whatever their language; XLSX cells are numbers. Text
| cells go through #core/csv so a buyer's name cannot run as a formula.
|
*/
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import type { I18n } from '@adonisjs/i18n'
import { csvSafety } from '#core/csv'
import type { PeriodReportDto } from '#reports/dtos/report_dtos'

type Cell = string | number
interface Section {
  title: string
  header: string[]
  rows: Cell[][]
  /** Indexes of columns that hold amounts. */
  amounts: number[]
}

function sections(report: PeriodReportDto, i18n: I18n): Section[] {
  const t = (key: string) => i18n.t(`reports.file.${key}`)
  const totals = report.totals
  const summary: Section = {
    title: t('summary'),
    header: [t('concept'), t('value')],
    rows: [
      [t('period'), `${report.period.from} – ${report.period.to}`],
      [t('environment'), i18n.t(`reports.file.environment_${report.environment}`)],
      [t('invoices'), totals.invoices],
      [t('credit_notes'), totals.creditNotes],
      [t('gross_subtotal'), totals.grossSubtotal],
      [t('credit_subtotal'), totals.creditSubtotal],
      [t('net_subtotal'), totals.netSubtotal],
      [t('net_tax'), totals.netTax],
      [t('net_total'), totals.netTotal],
    ],
    amounts: [1],
  }
  const taxes: Section = {
    title: t('taxes'),
    header: [
      t('category'),
      t('authority_code'),
      t('authority_rate_code'),
      t('rate'),
      t('gross_base'),
      t('credit_base'),
      t('net_base'),
      t('gross_tax'),
      t('credit_tax'),
      t('net_tax'),
      t('boxes'),
    ],
    rows: report.taxes.lines.map((line) => [
      line.label,
      line.authorityCode,
      line.authorityRateCode,
      line.rate,
      line.grossBase,
      line.creditBase,
      line.netBase,
      line.grossTax,
      line.creditTax,
      line.netTax,
      line.boxes
        ? [line.boxes.gross, line.boxes.net, line.boxes.tax].filter(Boolean).join(' · ') +
          (line.boxes.note ? ` (${line.boxes.note})` : '')
        : t('not_mapped'),
    ]),
    amounts: [4, 5, 6, 7, 8, 9],
  }
  const group = (title: string, first: string, rows: PeriodReportDto['byPoint']): Section => ({
    title,
    header: [first, t('name'), t('documents'), t('net_subtotal'), t('net_tax'), t('net_total')],
    rows: rows.map((row) => [
      row.key,
      row.label,
      row.documents,
      row.netSubtotal,
      row.netTax,
      row.netTotal,
    ]),
    amounts: [3, 4, 5],
  })
  const customers = group(t('by_customer'), t('identification'), report.byCustomer)
  const points = group(t('by_point'), t('point'), report.byPoint)
  return [summary, taxes, customers, points]
}

/** CSV with a BOM (Excel shows accents), sections separated by an empty row. */
export function reportCsv(report: PeriodReportDto, i18n: I18n): string {
  const rows: Cell[][] = []
  for (const section of sections(report, i18n)) {
    if (rows.length) rows.push([])
    rows.push([section.title], section.header, ...section.rows)
  }
  return stringify(
    rows.map((row) => row.map(String)),
    { ...csvSafety, bom: true }
  )
}

export async function reportXlsx(report: PeriodReportDto, i18n: I18n): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  for (const section of sections(report, i18n)) {
    const sheet = workbook.addWorksheet(section.title.slice(0, 31))
    sheet.addRow(section.header).font = { bold: true }
    for (const row of section.rows) {
      sheet.addRow(
        row.map((cell, index) =>
          section.amounts.includes(index) &&
          typeof cell === 'string' &&
          /^-?\d+(\.\d+)?$/.test(cell)
            ? Number(cell)
            : cell
        )
      )
    }
    for (const index of section.amounts) sheet.getColumn(index + 1).numFmt = '#,##0.00'
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** "reporte-2026-03.csv", "reporte-2026-Q1.xlsx", "reporte-2026-01-01_2026-02-15.csv". */
export function reportFileName(report: PeriodReportDto, extension: 'csv' | 'xlsx') {
  const { period } = report
  const name =
    period.kind === 'month'
      ? period.month
      : period.kind === 'quarter'
        ? period.quarter
        : `${period.from}_${period.to}`
  return `reporte-${name}.${extension}`
}
