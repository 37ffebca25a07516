/*
|--------------------------------------------------------------------------
| Sales and taxes of a period
|--------------------------------------------------------------------------
|
| Every query starts from a tenant model (Document, DocumentTax,
| EmissionPoint), so the tenant scope filters it; joined tables are matched
| on tenant_id as well as id. The sums are done by PostgreSQL in numeric
| and come back as decimal strings, never as floats.
|
*/
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import DocumentTax from '#documents/models/document_tax'
import { SIGN, money, whereCounted, type CountedScope } from '#reports/queries/rules'

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
  const query = DocumentTax.query()
    .join('documents', (join) => {
      join
        .on('documents.id', '=', 'document_taxes.document_id')
        .andOn('documents.tenant_id', '=', 'document_taxes.tenant_id')
    })
    .select(
      'document_taxes.category',
      'document_taxes.authority_code',
      'document_taxes.authority_rate_code',
      'document_taxes.rate'
    )
    .select(
      db.raw(
        `coalesce(sum(document_taxes.base) filter (where documents.type = 'invoice'), 0) as invoice_base`
      ),
      db.raw(
        `coalesce(sum(document_taxes.amount) filter (where documents.type = 'invoice'), 0) as invoice_tax`
      ),
      db.raw(
        `coalesce(sum(document_taxes.base) filter (where documents.type = 'credit_note'), 0) as credit_base`
      ),
      db.raw(
        `coalesce(sum(document_taxes.amount) filter (where documents.type = 'credit_note'), 0) as credit_tax`
      )
    )
    .groupBy(
      'document_taxes.category',
      'document_taxes.authority_code',
      'document_taxes.authority_rate_code',
      'document_taxes.rate'
    )
    .orderBy('document_taxes.category')
    .orderBy('document_taxes.authority_rate_code')
  whereCounted(query, scope)
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

/** Counts and net amounts of the period. */
export async function salesTotals(scope: CountedScope): Promise<SalesTotals> {
  const query = Document.query().select(
    db.raw(`count(*) filter (where documents.type = 'invoice') as invoices`),
    db.raw(`count(*) filter (where documents.type = 'credit_note') as credit_notes`),
    db.raw(
      `coalesce(sum(documents.subtotal) filter (where documents.type = 'invoice'), 0) as gross_subtotal`
    ),
    db.raw(
      `coalesce(sum(documents.subtotal) filter (where documents.type = 'credit_note'), 0) as credit_subtotal`
    ),
    db.raw(`coalesce(sum(${SIGN} * documents.subtotal), 0) as net_subtotal`),
    db.raw(`coalesce(sum(${SIGN} * documents.tax_total), 0) as net_tax`),
    db.raw(`coalesce(sum(${SIGN} * documents.total), 0) as net_total`)
  )
  whereCounted(query, scope)
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

const NET_COLUMNS = [
  db.raw(`count(*) as documents`),
  db.raw(`coalesce(sum(${SIGN} * documents.subtotal), 0) as net_subtotal`),
  db.raw(`coalesce(sum(${SIGN} * documents.tax_total), 0) as net_tax`),
  db.raw(`coalesce(sum(${SIGN} * documents.total), 0) as net_total`),
]

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

/**
 * Net sales per buyer as written on the documents (a later edit of the
 * customer does not move past sales), largest first.
 */
export async function salesByCustomer(scope: CountedScope, limit?: number): Promise<GroupRow[]> {
  const query = Document.query()
    .select(
      db.raw(`documents.buyer->>'identification' as key`),
      db.raw(`documents.buyer->>'identification' as identification`),
      db.raw(`max(documents.buyer->>'name') as label`),
      ...NET_COLUMNS
    )
    .groupByRaw(`documents.buyer->>'identification'`)
    .orderByRaw('net_total desc, key asc')
  whereCounted(query, scope)
  if (limit) query.limit(limit)
  return ((await query.pojo()) as Record<string, unknown>[]).map(toGroupRow)
}

/** Net sales per establishment and emission point ("001-002"). */
export async function salesByPoint(scope: CountedScope): Promise<GroupRow[]> {
  const query = Document.query()
    .join('establishments', (join) => {
      join
        .on('establishments.id', '=', 'documents.establishment_id')
        .andOn('establishments.tenant_id', '=', 'documents.tenant_id')
    })
    .join('emission_points', (join) => {
      join
        .on('emission_points.id', '=', 'documents.emission_point_id')
        .andOn('emission_points.tenant_id', '=', 'documents.tenant_id')
    })
    .select(
      db.raw(`establishments.code || '-' || emission_points.code as key`),
      db.raw(`coalesce(max(establishments.name), '') as label`),
      db.raw(`'' as identification`),
      ...NET_COLUMNS
    )
    .groupBy('establishments.code', 'emission_points.code')
    .orderBy('establishments.code')
    .orderBy('emission_points.code')
  whereCounted(query, scope)
  return ((await query.pojo()) as Record<string, unknown>[]).map(toGroupRow)
}
