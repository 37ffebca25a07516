import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { acrossCompanies } from '#admin/platform'
import type { AuditFilters } from '#admin/validators'

/**
 * Security-relevant events that belong in the platform log whoever caused
 * them: sign-ins and their failures, password and session changes, role
 * changes and vault rotations. Every action of a super-admin is there too.
 */
export const SECURITY_ACTIONS = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.password_reset_completed',
  'auth.password_changed',
  'auth.sessions_ended',
  'membership.role_changed',
  'membership.deactivated',
  'vault.rotated',
]

export interface PlatformAuditRow {
  id: string
  at: string
  action: string
  entity: string | null
  entityId: string | null
  company: { id: number; tradeName: string } | null
  user: string | null
  superAdmin: boolean
  ip: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export const AUDIT_PER_PAGE = 50

function filtered(filters: AuditFilters): DatabaseQueryBuilderContract<any> {
  const query = db
    .from('audit_logs as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('tenants as t', 't.id', 'a.tenant_id')
    .select(
      'a.id',
      'a.created_at',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.tenant_id',
      't.trade_name',
      'u.email',
      'u.is_super_admin',
      'a.ip',
      'a.before',
      'a.after'
    )
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
  if ((filters.scope ?? 'platform') === 'platform') {
    // Security events of super-admins only (a company's own sign-ins stay in its log).
    query.where((where) =>
      where
        .whereLike('a.action', 'admin.%')
        .orWhere((inner) =>
          inner.where('u.is_super_admin', true).whereIn('a.action', SECURITY_ACTIONS)
        )
        .orWhereIn('a.action', ['vault.rotated', 'membership.role_changed'])
    )
  }
  if (filters.action) query.where('a.action', filters.action)
  if (filters.company) query.where('a.tenant_id', filters.company)
  if (filters.user) query.whereILike('u.email', `%${filters.user.replace(/[\\%_]/g, '\\$&')}%`)
  if (filters.from) {
    query.where('a.created_at', '>=', DateTime.fromJSDate(filters.from).startOf('day').toJSDate())
  }
  if (filters.to) {
    query.where(
      'a.created_at',
      '<',
      DateTime.fromJSDate(filters.to).plus({ days: 1 }).startOf('day').toJSDate()
    )
  }
  return query
}

function toRow(row: Record<string, any>): PlatformAuditRow {
  return {
    id: String(row.id),
    at: new Date(row.created_at).toISOString(),
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    company: row.tenant_id ? { id: row.tenant_id, tradeName: row.trade_name } : null,
    user: row.email ?? null,
    superAdmin: row.is_super_admin === true,
    ip: row.ip,
    before: row.before,
    after: row.after,
  }
}

/** One page of the platform audit log. */
export function platformAuditPage(filters: AuditFilters) {
  return acrossCompanies('the platform audit log spans every company', async () => {
    const page = await filtered(filters).paginate(filters.page ?? 1, AUDIT_PER_PAGE)
    return {
      entries: page.all().map(toRow),
      pagination: {
        currentPage: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
        perPage: page.perPage,
      },
    }
  })
}

/** Every entry matching the filters, in pages of 1,000 (for the CSV export). */
export async function* platformAuditEntries(filters: AuditFilters) {
  for (let page = 1; ; page++) {
    const rows = await acrossCompanies('exporting the platform audit log', () =>
      filtered(filters)
        .offset((page - 1) * 1000)
        .limit(1000)
    )
    for (const row of rows) yield toRow(row)
    if (rows.length < 1000) return
  }
}
