import { DateTime } from 'luxon'
import Document from '#documents/models/document'
import { DOCUMENT_STATUSES } from '#documents/state_machine'
import { toPage, toRecordId } from '#core/record_id'

export interface DocumentFilters {
  page: number
  status: string
  type: string
  from: string
  to: string
  customerId: number | null
  establishmentId: number | null
  emissionPointId: number | null
  q: string
}

function isoDate(value: unknown) {
  if (typeof value !== 'string') return ''
  return DateTime.fromISO(value).isValid && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : ''
}

/** List filters from the query string, read leniently: a strange value is ignored, never an error. */
export function documentFilters(qs: Record<string, unknown>): DocumentFilters {
  return {
    page: toPage(qs.page),
    status: (DOCUMENT_STATUSES as readonly string[]).includes(String(qs.status))
      ? String(qs.status)
      : '',
    type: qs.type === 'invoice' || qs.type === 'credit_note' ? qs.type : '',
    from: isoDate(qs.from),
    to: isoDate(qs.to),
    customerId: toRecordId(qs.customerId),
    establishmentId: toRecordId(qs.establishmentId),
    emissionPointId: toRecordId(qs.emissionPointId),
    q: typeof qs.q === 'string' ? qs.q.trim().slice(0, 60) : '',
  }
}

/** The company's documents, newest first, filtered (runs in the tenant context). */
export function documentListQuery(filters: DocumentFilters) {
  const query = Document.query().orderBy('created_at', 'desc').orderBy('id', 'desc')
  if (filters.status) query.where('status', filters.status)
  if (filters.type) query.where('type', filters.type)
  if (filters.from) query.where('issue_date', '>=', filters.from)
  if (filters.to) query.where('issue_date', '<=', filters.to)
  if (filters.customerId) query.where('customer_id', filters.customerId)
  if (filters.establishmentId) query.where('establishment_id', filters.establishmentId)
  if (filters.emissionPointId) query.where('emission_point_id', filters.emissionPointId)
  if (filters.q) {
    const digits = filters.q.replace(/\D/g, '')
    // LIKE's wildcards and escape character are dropped from what was typed.
    const text = filters.q.replace(/[%_\\]/g, '')
    query.where((inner) => {
      inner.where('number', 'like', `%${text}%`)
      if (digits.length >= 3) inner.orWhere('access_key', 'like', `${digits}%`)
      if (/^\d{1,9}$/.test(filters.q)) inner.orWhere('sequential', Number(filters.q))
      // The customer's name as the document carries it (its buyer), any part, any case.
      // Read within the company's rows (tenant_id index), not through an index of its own.
      if (/\p{L}/u.test(text)) inner.orWhereRaw(`buyer->>'name' ilike ?`, [`%${text}%`])
    })
  }
  return query
}

/**
 * Loads, on the model in hand, everything a document's page and its API
 * detail show. The referenced invoice is loaded only for a credit note:
 * loading a relation whose key is null still sends `… where 1 = 0` on
 * documents, and PostgreSQL plans that as a parallel scan whose workers are
 * started (tens of milliseconds at a million rows) before the false
 * condition stops it.
 */
export async function loadDocumentDetail(document: Document) {
  await document.load((preloader) => {
    preloader
      .load('lines')
      .load('taxes')
      .load('payments')
      .load('establishment')
      .load('emissionPoint')
  })
  if (document.referencedDocumentId) await document.load('referencedDocument')
  return document
}

/** A document of the current company with everything its page shows (404 when not found). */
export async function findDocumentDetail(id: unknown) {
  return loadDocumentDetail(await Document.findOrFail(id))
}
