/*
|--------------------------------------------------------------------------
| Receivables
|--------------------------------------------------------------------------
|
| What each authorized invoice still owes: its total, less the authorized
| credit notes issued against it, less the payments recorded. Due date:
| the issue date plus the longest payment term written on the invoice
| (dias / meses / anios), else the issue date itself. Aging counts days
| past the due date: not yet due, 1–30, 31–60, 61–90, over 90.
|
*/
import { Decimal } from 'decimal.js'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Document from '#documents/models/document'
import type { TaxEnvironment } from '#adapters/core/types'
import { money, whereCompany } from '#reports/queries/rules'
import ReceivableReminder from '#reports/models/receivable_reminder'

export const AGING_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const
export type AgingBucket = (typeof AGING_BUCKETS)[number]

export interface OpenInvoice {
  id: number
  number: string | null
  issueDate: string
  dueDate: string
  buyerIdentification: string
  buyerName: string
  total: string
  credited: string
  paid: string
  outstanding: string
  daysOverdue: number
  bucket: AgingBucket
}

const CREDITED = `(select coalesce(sum(cn.total), 0) from documents cn
  where cn.tenant_id = documents.tenant_id and cn.referenced_document_id = documents.id
    and cn.type = 'credit_note' and cn.status = 'AUTHORIZED')`
const PAID = `(select coalesce(sum(p.amount), 0) from invoice_payments p
  where p.tenant_id = documents.tenant_id and p.document_id = documents.id)`
const DUE = `coalesce((select max(case p.term_unit
      when 'meses' then documents.issue_date + make_interval(months => p.term)
      when 'anios' then documents.issue_date + make_interval(years => p.term)
      else documents.issue_date + make_interval(days => p.term) end)::date
    from document_payments p
    where p.tenant_id = documents.tenant_id and p.document_id = documents.id and p.term > 0),
  documents.issue_date)`

export function bucketOf(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'not_due'
  if (daysOverdue <= 30) return 'd1_30'
  if (daysOverdue <= 60) return 'd31_60'
  if (daysOverdue <= 90) return 'd61_90'
  return 'd90_plus'
}

/** Invoices with something left to collect, oldest due first (optionally one invoice). */
export async function openInvoices(
  environment: TaxEnvironment,
  today: DateTime,
  options: {
    documentId?: number
    includeSettled?: boolean
    client?: TransactionClientContract
  } = {}
): Promise<OpenInvoice[]> {
  const query = Document.query(options.client ? { client: options.client } : {})
    .where('documents.type', 'invoice')
    .where('documents.status', 'AUTHORIZED')
    .where('documents.environment', environment)
    .select(
      'documents.id',
      'documents.number',
      'documents.total',
      db.raw(`to_char(documents.issue_date, 'YYYY-MM-DD') as issue_date`),
      db.raw(`documents.buyer->>'identification' as buyer_identification`),
      db.raw(`documents.buyer->>'name' as buyer_name`),
      db.raw(`${CREDITED} as credited`),
      db.raw(`${PAID} as paid`),
      db.raw(`to_char(${DUE}, 'YYYY-MM-DD') as due_date`)
    )
    .orderByRaw(`${DUE} asc, documents.id asc`)
  if (options.documentId) query.where('documents.id', options.documentId)
  if (!options.includeSettled) query.whereRaw(`documents.total - ${CREDITED} - ${PAID} > 0`)
  const rows = (await whereCompany(query).pojo()) as Record<string, unknown>[]
  return rows.map((row) => {
    const outstanding = new Decimal(String(row.total))
      .minus(String(row.credited))
      .minus(String(row.paid))
    const due = DateTime.fromISO(String(row.due_date), { zone: 'UTC' })
    const daysOverdue = Math.round(today.diff(due, 'days').days)
    return {
      id: Number(row.id),
      number: (row.number as string | null) ?? null,
      issueDate: String(row.issue_date),
      dueDate: String(row.due_date),
      buyerIdentification: String(row.buyer_identification ?? ''),
      buyerName: String(row.buyer_name ?? ''),
      total: money(row.total),
      credited: money(row.credited),
      paid: money(row.paid),
      outstanding: outstanding.toFixed(2),
      daysOverdue,
      bucket: bucketOf(daysOverdue),
    }
  })
}

export interface CustomerBalance {
  identification: string
  name: string
  invoices: number
  outstanding: string
  overdue: string
}

/** The aging summary and the balance per customer, from the open invoices. */
export function summarize(invoices: OpenInvoice[]) {
  const aging = Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, new Decimal(0)])
  ) as Record<AgingBucket, Decimal>
  const customers = new Map<
    string,
    { name: string; invoices: number; outstanding: Decimal; overdue: Decimal }
  >()
  for (const invoice of invoices) {
    aging[invoice.bucket] = aging[invoice.bucket].plus(invoice.outstanding)
    const entry = customers.get(invoice.buyerIdentification) ?? {
      name: invoice.buyerName,
      invoices: 0,
      outstanding: new Decimal(0),
      overdue: new Decimal(0),
    }
    entry.invoices += 1
    entry.outstanding = entry.outstanding.plus(invoice.outstanding)
    if (invoice.bucket !== 'not_due') entry.overdue = entry.overdue.plus(invoice.outstanding)
    customers.set(invoice.buyerIdentification, entry)
  }
  const total = invoices.reduce((sum, invoice) => sum.plus(invoice.outstanding), new Decimal(0))
  return {
    total: total.toFixed(2),
    aging: Object.fromEntries(
      AGING_BUCKETS.map((bucket) => [bucket, aging[bucket].toFixed(2)])
    ) as Record<AgingBucket, string>,
    customers: [...customers.entries()]
      .map(([identification, entry]) => ({
        identification,
        name: entry.name,
        invoices: entry.invoices,
        outstanding: entry.outstanding.toFixed(2),
        overdue: entry.overdue.toFixed(2),
      }))
      .sort(
        (a, b) =>
          new Decimal(b.outstanding).comparedTo(a.outstanding) ||
          a.identification.localeCompare(b.identification)
      ),
  }
}

/** When each of these invoices was last reminded (ISO), by invoice id; absent when never. */
export async function lastReminders(documentIds: number[]): Promise<Record<number, string>> {
  if (documentIds.length === 0) return {}
  const rows = (await ReceivableReminder.query()
    .whereIn('document_id', documentIds)
    .groupBy('document_id')
    .select('document_id')
    .max('sent_at as last')
    .pojo()) as { document_id: number; last: Date }[]
  return Object.fromEntries(rows.map((row) => [row.document_id, new Date(row.last).toISOString()]))
}
