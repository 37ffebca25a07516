/*
|--------------------------------------------------------------------------
| Row-level security: the database half of tenant isolation
|--------------------------------------------------------------------------
|
| Every tenant table has two policies (database/migrations/
| 0520_enable_row_level_security.ts, written by `tenantRowSecurity` in
| app/tenancy/schema.ts):
|
|   tenant_isolation  tenant_id = current_setting('app.tenant_id')
|   platform_bypass   current_setting('app.bypass_rls') = 'on'
|
| A session where neither is set sees no tenant row and can write none, so
| code that forgets its tenant filter, or runs outside any tenant context,
| gets nothing instead of everything.
|
| The two settings follow the tenant context (tenant_context.ts) of the code
| that sends each statement. `installTenantSession` wraps the `query` method
| of every pooled pg connection (knex pool `afterCreate`, config/database.ts)
| and remembers what the connection's session currently says. Before a
| statement that names a tenant table it compares that with what the
| running code needs and, only when they differ, first sends one
| `select set_config(…)` on the same connection, in order. So:
|
| - a connection moving from tenant A's request to tenant B's, or to code
|   without a context, is switched before its first statement for them:
|   it never carries A's setting into B's work;
| - a run of statements for the same tenant costs no extra round trip,
|   whether they are pooled one by one or inside a transaction;
| - statements that touch no tenant table (sessions, users, companies,
|   BEGIN/COMMIT) never cost one.
|
| `set_config(…, false)` is session-wide, so it outlives the statement and
| the transaction it was sent in; a ROLLBACK (or ROLLBACK TO SAVEPOINT, as
| in Lucid's global test transaction) may undo it, so the remembered state
| is dropped then and the next statement sets it again.
|
| The bypass is set only here, and only for code running inside
| `withoutTenantScope(reason, …)`. SQL injection could set either value
| itself; row-level security protects against forgotten filters, the
| parameterised queries against injection.
|
*/
import { tenantContext, type DatabaseScope } from '#tenancy/tenant_context'

/**
 * Every table under row-level security: every table with a `tenant_id`
 * column but the few platform tables that tests/functional/tenancy/
 * row_level_security.spec.ts lists with their reason. A new tenant table
 * is added here and gets `tenantRowSecurity` in its migration; that test
 * fails when this list, the migrations and the database disagree.
 */
export const TENANT_TABLES = [
  'memberships',
  'invitations',
  'audit_logs',
  'establishments',
  'emission_points',
  'customers',
  'products',
  'numbering_sequences',
  'member_defaults',
  'catalog_imports',
  'vault_secrets',
  'certificates',
  'pac_credentials',
  'certificate_alerts',
  'notifications',
  'documents',
  'document_lines',
  'document_taxes',
  'document_payments',
  'document_events',
  'billing_accounts',
  'usage_periods',
  'limit_alerts',
  'document_archives',
  'invoice_payments',
  'tax_submissions',
  'document_day_totals',
  'document_day_taxes',
  'document_month_customers',
  'document_month_products',
  'document_rollup_removals',
  'receivable_reminder_settings',
  'receivable_reminders',
  'document_files',
  'api_idempotency_keys',
  'webhook_endpoints',
  'webhook_deliveries',
  'webhook_attempts',
  'authority_quotas',
  'company_logos',
] as const

/** Matches SQL that names a tenant table (quoted, qualified or aliased alike). */
const NAMES_TENANT_TABLE = new RegExp(`\\b(?:${TENANT_TABLES.join('|')})\\b`, 'i')
const ROLLBACK = /^\s*rollback\b/i

/** What a connection's session says; null when unknown (new, or after a rollback). */
type SessionState = DatabaseScope | null

/** The part of a pg client this module needs. */
export interface PgConnection {
  query(...args: any[]): any
}

interface Session {
  state: SessionState
  /** How many times the settings were sent on this connection (see scopeSwitches). */
  switches: number
}

const sessions = new WeakMap<PgConnection, Session>()

function satisfies(state: SessionState, wanted: DatabaseScope) {
  if (!state) return false
  // With the bypass on, the tenant setting does not matter.
  if (wanted.bypass) return state.bypass
  return !state.bypass && state.tenantId === wanted.tenantId
}

/** The one statement that puts a session in `scope` (simple protocol, no parameters). */
export function setScopeStatement(scope: DatabaseScope) {
  if (scope.tenantId !== null && !(Number.isSafeInteger(scope.tenantId) && scope.tenantId > 0)) {
    throw new TypeError(`Invalid tenant id for the database session: ${scope.tenantId}`)
  }
  const tenant = scope.tenantId === null ? '' : String(scope.tenantId)
  return (
    `select set_config('app.tenant_id', '${tenant}', false), ` +
    `set_config('app.bypass_rls', '${scope.bypass ? 'on' : 'off'}', false)`
  )
}

function sqlOf(config: unknown): string | null {
  if (typeof config === 'string') return config
  const text = (config as { text?: unknown } | null)?.text
  return typeof text === 'string' ? text : null
}

/**
 * Makes a pg connection keep its session's tenant settings in step with the
 * tenant context of whoever sends each statement (see the header).
 */
export function installTenantSession(connection: PgConnection) {
  const send = connection.query.bind(connection)
  const session: Session = { state: null, switches: 0 }
  sessions.set(connection, session)
  connection.query = (...args: any[]) => {
    const sql = sqlOf(args[0])
    // Unknown SQL (a custom submittable) is treated as naming a tenant table.
    if (sql === null || NAMES_TENANT_TABLE.test(sql)) {
      const wanted = tenantContext.databaseScope()
      if (!satisfies(session.state, wanted)) {
        session.state = wanted
        session.switches++
        // Queued before the statement on the same connection, so it runs
        // first. If it fails (an aborted transaction) the statement fails
        // too, and the state is unknown again.
        send(setScopeStatement(wanted), (error: unknown) => {
          if (error) session.state = null
        })
      }
    } else if (ROLLBACK.test(sql)) {
      session.state = null
    }
    return send(...args)
  }
}

/**
 * How many extra statements (`set_config`) row-level security has sent on
 * a connection: what it costs, for tests and diagnostics.
 */
export function scopeSwitches(connection: PgConnection): number {
  return sessions.get(connection)?.switches ?? 0
}

/** For the knex pool: `pool: { afterCreate: tenantSessionAfterCreate }`. */
export function tenantSessionAfterCreate(
  connection: PgConnection,
  done: (error: Error | null, connection: PgConnection) => void
) {
  installTenantSession(connection)
  done(null, connection)
}
