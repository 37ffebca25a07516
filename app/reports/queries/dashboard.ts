/*
|--------------------------------------------------------------------------
| Dashboard figures
|--------------------------------------------------------------------------
|
| Sales follow the report rules (#reports/queries/rules): authorized
| documents of the company's current environment, credit notes
| subtracted, by issue date. The status counts cover every document of
| that environment, since they show the work still in progress. Both are
| read from the roll-ups PostgreSQL keeps of the documents (migration
| 0720_create_document_rollups), so a year of sales is a few hundred rows
| whatever the volume; only the short list of documents needing action
| reads the documents themselves.
|
*/
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import DocumentDayTotal from '#reports/models/document_day_total'
import DocumentMonthProduct from '#reports/models/document_month_product'
import type { TaxEnvironment } from '#adapters/core/types'
import {
  money,
  signOf,
  whereCompany,
  whereCountedDays,
  type CountedScope,
} from '#reports/queries/rules'
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

const T = 'document_day_totals'

/** Net sales per month of the scope, months without sales included (as zero). */
export async function salesPerMonth(scope: CountedScope, months: string[]): Promise<MonthSales[]> {
  const query = DocumentDayTotal.query()
    .select(
      db.raw(`to_char(${T}.issue_date, 'YYYY-MM') as month`),
      db.raw(`coalesce(sum(${signOf(T)} * ${T}.subtotal), 0) as net_subtotal`),
      db.raw(`coalesce(sum(${signOf(T)} * ${T}.tax_total), 0) as net_tax`),
      db.raw(`coalesce(sum(${signOf(T)} * ${T}.total), 0) as net_total`)
    )
    .groupByRaw(`to_char(${T}.issue_date, 'YYYY-MM')`)
  whereCountedDays(query, scope, T, true)
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

/**
 * How many documents of the environment are in each status (statuses with
 * none left out). The roll-up holds every status but DRAFT (migration
 * 0850_rollups_leave_out_drafts); drafts are counted from the documents,
 * through their (tenant_id, status) index.
 */
export async function statusCounts(environment: TaxEnvironment): Promise<StatusCount[]> {
  const query = DocumentDayTotal.query()
    .where(`${T}.environment`, environment)
    .select(`${T}.status`)
    .sum(`${T}.documents as total`)
    .groupBy(`${T}.status`)
    .havingRaw(`sum(${T}.documents) <> 0`)
  const rows = (await whereCompany(query, T).pojo()) as Record<string, unknown>[]
  const drafts = await Document.query()
    .where('status', 'DRAFT')
    .where('environment', environment)
    .count('* as total')
    .pojo<{ total: string | number }>()
    .first()
  const counts = rows.map((row) => ({ status: String(row.status), count: Number(row.total) }))
  const draftCount = Number(drafts?.total ?? 0)
  return draftCount > 0 ? [{ status: 'DRAFT', count: draftCount }, ...counts] : counts
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

/**
 * Products (by code, as issued) with the most net sales, before taxes.
 * The scope must cover whole months (the dashboard's twelve do).
 */
export async function topProducts(scope: CountedScope, limit = 5): Promise<GroupRow[]> {
  const P = 'document_month_products'
  const query = DocumentMonthProduct.query()
    .select(
      db.raw(`${P}.code as key`),
      db.raw(`max(${P}.description) as label`),
      db.raw(`sum(${P}.documents) as documents`),
      db.raw(`coalesce(sum(${signOf(P)} * ${P}.subtotal), 0) as net_subtotal`)
    )
    .where(`${P}.environment`, scope.environment)
    .where(`${P}.month`, '>=', scope.from)
    .where(`${P}.month`, '<=', scope.to)
    .groupBy(`${P}.code`)
    .havingRaw(`sum(${P}.documents) <> 0`)
    .orderByRaw('net_subtotal desc, key asc')
    .limit(limit)
  whereCompany(query, P)
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
