/*
|--------------------------------------------------------------------------
| Dashboard figures
|--------------------------------------------------------------------------
|
| Sales follow the report rules (#reports/queries/rules): authorized
| documents of the company's current environment, credit notes
| subtracted, by issue date. The status counts cover every document of
| that environment, since they show the work still in progress.
|
*/
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import DocumentLine from '#documents/models/document_line'
import type { TaxEnvironment } from '#adapters/core/types'
import { SIGN, money, whereCompany, whereCounted, type CountedScope } from '#reports/queries/rules'
import { salesByCustomer, type GroupRow } from '#reports/queries/period_report'

export interface MonthSales {
  /** "2026-03". */
  month: string
  netSubtotal: string
  netTax: string
  netTotal: string
}

export interface StatusCount {
  status: string
  count: number
}

export interface ActionDocument {
  id: number
  type: string
  status: string
  number: string | null
  issueDate: string
  buyer: string
  total: string
}

/** Net sales per month of the scope, months without sales included (as zero). */
export async function salesPerMonth(scope: CountedScope, months: string[]): Promise<MonthSales[]> {
  const query = Document.query()
    .select(
      db.raw(`to_char(documents.issue_date, 'YYYY-MM') as month`),
      db.raw(`coalesce(sum(${SIGN} * documents.subtotal), 0) as net_subtotal`),
      db.raw(`coalesce(sum(${SIGN} * documents.tax_total), 0) as net_tax`),
      db.raw(`coalesce(sum(${SIGN} * documents.total), 0) as net_total`)
    )
    .groupByRaw(`to_char(documents.issue_date, 'YYYY-MM')`)
  whereCounted(query, scope)
  const found = new Map(
    ((await query.pojo()) as Record<string, unknown>[]).map((row) => [String(row.month), row])
  )
  return months.map((month) => {
    const row = found.get(month)
    return {
      month,
      netSubtotal: money(row?.net_subtotal),
      netTax: money(row?.net_tax),
      netTotal: money(row?.net_total),
    }
  })
}

/** How many documents of the environment are in each status. */
export async function statusCounts(environment: TaxEnvironment): Promise<StatusCount[]> {
  const query = Document.query()
    .where('documents.environment', environment)
    .select('documents.status')
    .count('* as total')
    .groupBy('documents.status')
  const rows = (await whereCompany(query).pojo()) as Record<string, unknown>[]
  return rows.map((row) => ({ status: String(row.status), count: Number(row.total) }))
}

/** The latest rejected documents and those still waiting on the authority. */
export async function documentsNeedingAction(
  environment: TaxEnvironment,
  limit = 5
): Promise<ActionDocument[]> {
  const rows = await Document.query()
    .where('documents.environment', environment)
    .whereIn('documents.status', ['REJECTED', 'ISSUED', 'SUBMITTED', 'PENDING'])
    .orderBy('documents.updated_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(limit)
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    status: row.status,
    number: row.number,
    issueDate: row.issueDate.toISODate()!,
    buyer: row.buyer?.name ?? '',
    total: row.total,
  }))
}

export function topCustomers(scope: CountedScope, limit = 5): Promise<GroupRow[]> {
  return salesByCustomer(scope, limit)
}

/** Products (by code, as issued) with the most net sales, before taxes. */
export async function topProducts(scope: CountedScope, limit = 5): Promise<GroupRow[]> {
  const query = DocumentLine.query()
    .join('documents', (join) => {
      join
        .on('documents.id', '=', 'document_lines.document_id')
        .andOn('documents.tenant_id', '=', 'document_lines.tenant_id')
    })
    .select(
      db.raw(`document_lines.code as key`),
      db.raw(`max(document_lines.description) as label`),
      db.raw(`'' as identification`),
      db.raw(`count(distinct documents.id) as documents`),
      db.raw(`coalesce(sum(${SIGN} * document_lines.subtotal), 0) as net_subtotal`)
    )
    .groupBy('document_lines.code')
    .orderByRaw('net_subtotal desc, key asc')
    .limit(limit)
  whereCounted(query, scope)
  return ((await query.pojo()) as Record<string, unknown>[]).map((row) => ({
    key: String(row.key),
    label: String(row.label ?? ''),
    identification: '',
    documents: Number(row.documents ?? 0),
    netSubtotal: money(row.net_subtotal),
    netTax: '0.00',
    netTotal: money(row.net_subtotal),
  }))
}
