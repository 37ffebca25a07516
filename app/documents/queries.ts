import { DateTime } from 'luxon'
import Document from '#documents/models/document'
import { DOCUMENT_STATUSES, UNFINISHED_STATUSES } from '#documents/state_machine'
import db from '@adonisjs/lucid/services/db'
import { withoutTenantScope } from '#tenancy/tenant_context'
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
    query.where((inner) => {
      inner.where('number', 'like', `%${filters.q.replace(/[%_]/g, '')}%`)
      if (digits.length >= 3) inner.orWhere('access_key', 'like', `${digits}%`)
      if (/^\d{1,9}$/.test(filters.q)) inner.orWhere('sequential', Number(filters.q))
    })
  }
  return query
}

export interface OutageState {
  /** Documents waiting for the authority to answer again. */
  pending: number
  /** When the oldest of them started waiting (ISO), or null. */
  since: string | null
}

/**
 * The outage banner of one company: its real documents (never the demo
 * seed's) that are PENDING because the authority could not be reached
 * (`pending_since` is set by the transport failure) and that the pipeline
 * will still retry on its own (not flagged for a person).
 */
export async function outageState(tenantId: number): Promise<OutageState> {
  // Filtered by tenant by hand: a plain query builder (row-level security
  // would hide other companies' rows anyway; see docs/architecture.md).
  const row = await db
    .from('documents')
    .where('tenant_id', tenantId)
    .where('status', 'PENDING')
    .where('is_demo', false)
    .whereNotNull('pending_since')
    .whereNull('flagged_at')
    .count('* as total')
    .min('pending_since as since')
    .first()
  const pending = Number(row?.total ?? 0)
  const since = pending && row?.since ? new Date(row.since).toISOString() : null
  return { pending, since }
}

/**
 * The platform backlog for the super-admin console: documents still
 * waiting on an authority, across companies.
 */
export function documentBacklog() {
  return withoutTenantScope('the platform console counts the backlog of every company', backlog)
}

async function backlog() {
  const rows = await db
    .from('documents')
    .whereIn('status', [...UNFINISHED_STATUSES])
    .where('is_demo', false)
    .select('status')
    .count('* as total')
    .countDistinct('tenant_id as tenants')
    .groupBy('status')
  const byStatus: Record<string, number> = { ISSUED: 0, SUBMITTED: 0, PENDING: 0 }
  for (const row of rows) byStatus[row.status] = Number(row.total)
  const flagged = await db
    .from('documents')
    .whereIn('status', [...UNFINISHED_STATUSES])
    .whereNotNull('flagged_at')
    .count('* as total')
    .first()
  return {
    total: byStatus.ISSUED + byStatus.SUBMITTED + byStatus.PENDING,
    byStatus,
    flagged: Number(flagged?.total ?? 0),
  }
}
