/*
|--------------------------------------------------------------------------
| Sales and taxes of a period
|--------------------------------------------------------------------------
|
| The figures are summed from the roll-ups PostgreSQL keeps of the
| documents (migration 0720_create_document_rollups; docs/reports.md,
| "Roll-ups"): per issue date for totals, taxes and emission points, per
| month for buyers, whose live query covers only the part of a period
| that does not fill a whole month. Every query starts from a tenant model
| (the tenant scope filters it) and names the company itself too; joined
| tables are matched on tenant_id as well as id. The sums are done by
| PostgreSQL in numeric and come back as decimal strings, never as floats.
|
*/
import { DateTime } from 'luxon'
import { Decimal } from 'decimal.js'
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import DocumentDayTotal from '#reports/models/document_day_total'
import DocumentDayTax from '#reports/models/document_day_tax'
import DocumentMonthCustomer from '#reports/models/document_month_customer'
import {
  money,
  signOf,
  whereCompany,
  whereCounted,
  whereCountedDays,
  type CountedScope,
} from '#reports/queries/rules'

export interface TaxRow {
  category: string
  authorityCode: string
  authorityRateCode: string
  rate: string
  invoiceBase: string
  invoiceTax: string
  creditBase: string
  creditTax: string
}

export interface SalesTotals {
  invoices: number
  creditNotes: number
  /** Invoices' subtotal (after discounts, before taxes). */
  grossSubtotal: string
  creditSubtotal: string
  netSubtotal: string
  netTax: string
  netTotal: string
}

export interface GroupRow {
  key: string
  label: string
  identification: string
  documents: number
  netSubtotal: string
  netTax: string
  netTotal: string
}

/** Tax bases and amounts by category, invoices and credit notes apart. */
export async function taxRows(scope: CountedScope): Promise<TaxRow[]> {
  const by = (column: string, type: string, as: string) =>
    db.raw(
      `coalesce(sum(document_day_taxes.${column}) filter (where document_day_taxes.type = '${type}'), 0) as ${as}`
    )
  const query = DocumentDayTax.query()
    .select(
      'document_day_taxes.category',
      'document_day_taxes.authority_code',
      'document_day_taxes.authority_rate_code',
      'document_day_taxes.rate'
    )
    .select(
      by('base', 'invoice', 'invoice_base'),
      by('amount', 'invoice', 'invoice_tax'),
      by('base', 'credit_note', 'credit_base'),
      by('amount', 'credit_note', 'credit_tax')
    )
    .groupBy(
      'document_day_taxes.category',
      'document_day_taxes.authority_code',
      'document_day_taxes.authority_rate_code',
      'document_day_taxes.rate'
    )
    .havingRaw('sum(document_day_taxes.rows) <> 0')
    .orderBy('document_day_taxes.category')
    .orderBy('document_day_taxes.authority_rate_code')
  whereCountedDays(query, scope, 'document_day_taxes', false)
  const rows = (await query.pojo()) as Record<string, unknown>[]
  return rows.map((row) => ({
    category: String(row.category),
    authorityCode: String(row.authority_code),
    authorityRateCode: String(row.authority_rate_code),
    rate: String(row.rate),
    invoiceBase: money(row.invoice_base),
    invoiceTax: money(row.invoice_tax),
    creditBase: money(row.credit_base),
    creditTax: money(row.credit_tax),
  }))
}

const T = 'document_day_totals'

/** Counts and net amounts of the period. */
export async function salesTotals(scope: CountedScope): Promise<SalesTotals> {
  const query = DocumentDayTotal.query().select(
    db.raw(`coalesce(sum(${T}.documents) filter (where ${T}.type = 'invoice'), 0) as invoices`),
    db.raw(
      `coalesce(sum(${T}.documents) filter (where ${T}.type = 'credit_note'), 0) as credit_notes`
    ),
    db.raw(
      `coalesce(sum(${T}.subtotal) filter (where ${T}.type = 'invoice'), 0) as gross_subtotal`
    ),
    db.raw(
      `coalesce(sum(${T}.subtotal) filter (where ${T}.type = 'credit_note'), 0) as credit_subtotal`
    ),
    db.raw(`coalesce(sum(${signOf(T)} * ${T}.subtotal), 0) as net_subtotal`),
    db.raw(`coalesce(sum(${signOf(T)} * ${T}.tax_total), 0) as net_tax`),
    db.raw(`coalesce(sum(${signOf(T)} * ${T}.total), 0) as net_total`)
  )
  whereCountedDays(query, scope, T, true)
  const [row] = (await query.pojo()) as Record<string, unknown>[]
  return {
    invoices: Number(row?.invoices ?? 0),
    creditNotes: Number(row?.credit_notes ?? 0),
    grossSubtotal: money(row?.gross_subtotal),
    creditSubtotal: money(row?.credit_subtotal),
    netSubtotal: money(row?.net_subtotal),
    netTax: money(row?.net_tax),
    netTotal: money(row?.net_total),
  }
}

function toGroupRow(row: Record<string, unknown>): GroupRow {
  return {
    key: String(row.key ?? ''),
    label: String(row.label ?? ''),
    identification: String(row.identification ?? ''),
    documents: Number(row.documents ?? 0),
    netSubtotal: money(row.net_subtotal),
    netTax: money(row.net_tax),
    netTotal: money(row.net_total),
  }
}

/** Net columns of a grouped query on `table` (documents or a roll-up). */
function netColumns(table: string, documents: string) {
  return [
    db.raw(`${documents} as documents`),
    db.raw(`coalesce(sum(${signOf(table)} * ${table}.subtotal), 0) as net_subtotal`),
    db.raw(`coalesce(sum(${signOf(table)} * ${table}.tax_total), 0) as net_tax`),
    db.raw(`coalesce(sum(${signOf(table)} * ${table}.total), 0) as net_total`),
  ]
}

/**
 * The whole months inside a period (first day of the first one, first day
 * of the last one), and the days before and after them, which no month
 * roll-up can answer; null parts are empty.
 */
export function splitByMonths(scope: CountedScope) {
  const from = DateTime.fromISO(scope.from, { zone: 'utc' })
  const to = DateTime.fromISO(scope.to, { zone: 'utc' })
  const first = from.day === 1 ? from : from.startOf('month').plus({ months: 1 })
  const last = to.plus({ days: 1 }).startOf('month').minus({ months: 1 })
  if (last < first) return { months: null, edges: [scope] }
  const edges: CountedScope[] = []
  if (from < first) edges.push({ ...scope, to: first.minus({ days: 1 }).toISODate()! })
  const afterLast = last.plus({ months: 1 })
  if (afterLast <= to) edges.push({ ...scope, from: afterLast.toISODate()! })
  return { months: { from: first.toISODate()!, to: last.toISODate()! }, edges }
}

/** Net sales per buyer straight from the documents (for days outside whole months). */
function liveSalesByCustomer(scope: CountedScope) {
  const query = Document.query()
    .select(
      db.raw(`coalesce(documents.buyer->>'identification', '') as key`),
      db.raw(`max(documents.buyer->>'name') as label`),
      ...netColumns('documents', 'count(*)')
    )
    .groupByRaw(`coalesce(documents.buyer->>'identification', '')`)
  whereCounted(query, scope)
  return query.pojo() as Promise<Record<string, unknown>[]>
}

function rolledUpSalesByCustomer(scope: CountedScope, months: { from: string; to: string }) {
  const C = 'document_month_customers'
  const query = DocumentMonthCustomer.query()
    .select(
      db.raw(`${C}.identification as key`),
      db.raw(`max(${C}.name) as label`),
      ...netColumns(C, `sum(${C}.documents)`)
    )
    .where(`${C}.environment`, scope.environment)
    .where(`${C}.month`, '>=', months.from)
    .where(`${C}.month`, '<=', months.to)
    .groupBy(`${C}.identification`)
    .havingRaw(`sum(${C}.documents) <> 0`)
  whereCompany(query, C)
  return query.pojo() as Promise<Record<string, unknown>[]>
}

/**
 * Net sales per buyer as written on the documents (a later edit of the
 * customer does not move past sales), largest total first.
 */
export async function salesByCustomer(scope: CountedScope, limit?: number): Promise<GroupRow[]> {
  const { months, edges } = splitByMonths(scope)
  const parts = await Promise.all([
    months ? rolledUpSalesByCustomer(scope, months) : Promise.resolve([]),
    ...edges.map((edge) => liveSalesByCustomer(edge)),
  ])
  const byKey = new Map<
    string,
    { label: string; documents: number; sums: [Decimal, Decimal, Decimal] }
  >()
  for (const row of parts.flat()) {
    const key = String(row.key ?? '')
    const entry = byKey.get(key) ?? {
      label: '',
      documents: 0,
      sums: [new Decimal(0), new Decimal(0), new Decimal(0)],
    }
    const label = String(row.label ?? '')
    if (label > entry.label) entry.label = label
    entry.documents += Number(row.documents ?? 0)
    entry.sums = [
      entry.sums[0].plus(String(row.net_subtotal ?? 0)),
      entry.sums[1].plus(String(row.net_tax ?? 0)),
      entry.sums[2].plus(String(row.net_total ?? 0)),
    ]
    byKey.set(key, entry)
  }
  const rows = [...byKey.entries()]
    .filter(([, entry]) => entry.documents !== 0)
    .sort(([a, x], [b, y]) => y.sums[2].comparedTo(x.sums[2]) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, entry]) =>
      toGroupRow({
        key,
        identification: key,
        label: entry.label,
        documents: entry.documents,
        net_subtotal: entry.sums[0].toFixed(2),
        net_tax: entry.sums[1].toFixed(2),
        net_total: entry.sums[2].toFixed(2),
      })
    )
  return limit ? rows.slice(0, limit) : rows
}

/** Net sales per establishment and emission point ("001-002"). */
export async function salesByPoint(scope: CountedScope): Promise<GroupRow[]> {
  const query = DocumentDayTotal.query()
    .join('establishments', (join) => {
      join
        .on('establishments.id', '=', `${T}.establishment_id`)
        .andOn('establishments.tenant_id', '=', `${T}.tenant_id`)
    })
    .join('emission_points', (join) => {
      join
        .on('emission_points.id', '=', `${T}.emission_point_id`)
        .andOn('emission_points.tenant_id', '=', `${T}.tenant_id`)
    })
    .select(
      db.raw(`establishments.code || '-' || emission_points.code as key`),
      db.raw(`coalesce(max(establishments.name), '') as label`),
      db.raw(`'' as identification`),
      ...netColumns(T, `sum(${T}.documents)`)
    )
    .groupBy('establishments.code', 'emission_points.code')
    .havingRaw(`sum(${T}.documents) <> 0`)
    .orderBy('establishments.code')
    .orderBy('emission_points.code')
  whereCountedDays(query, scope, T, true)
  return ((await query.pojo()) as Record<string, unknown>[]).map(toGroupRow)
}
