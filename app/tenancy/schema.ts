import { createHash } from 'node:crypto'
import type { Knex } from 'knex'

/**
 * PostgreSQL truncates identifiers to 63 bytes, so two long default names
 * ("<table>_<columns>_foreign") can collide after truncation. Names longer
 * than that keep their start and get a short hash of the full name.
 */
export function constraintName(table: string, columns: string[], suffix: string) {
  const name = `${table}_${columns.join('_')}_${suffix}`
  if (name.length <= 63) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8)
  return `${name.slice(0, 63 - hash.length - 1)}_${hash}`
}

/** Knex keeps the table name on the builder; migrations always have one. */
function tableNameOf(table: Knex.CreateTableBuilder): string {
  return (table as unknown as { _tableName: string })._tableName
}

/**
 * Migration helpers for tenant-owned tables. They encode the isolation rule
 * of docs/architecture.md ("Tenant isolation") so every later table gets it
 * the same way:
 *
 * - `tenant_id` is NOT NULL and references `tenants`;
 * - `primary key (tenant_id, id)` lets children point at the row with a
 *   composite foreign key, so PostgreSQL itself refuses a link to another
 *   tenant's row, and leads with the distribution column (docs/scaling.md).
 *
 * New tables: `table.increments('id', { primaryKey: false })` then
 * `tenantTable(table, { primaryKey: true })`. (Without the option, as the
 * tables before migration 0820 were created: `(id)` plus `unique (tenant_id, id)`.)
 */
export function tenantTable(
  table: Knex.CreateTableBuilder,
  options: { onDelete?: 'CASCADE' | 'RESTRICT'; primaryKey?: boolean } = {}
) {
  table
    .integer('tenant_id')
    .notNullable()
    .references('id')
    .inTable('tenants')
    .onDelete(options.onDelete ?? 'CASCADE')
  const name = tableNameOf(table)
  if (options.primaryKey) {
    // `primary key (tenant_id, id)`: the key leads with the distribution
    // column (docs/scaling.md) and is the target of composite foreign keys.
    // The id column is then declared `increments('id', { primaryKey: false })`.
    table.primary(['tenant_id', 'id'], { constraintName: `${name}_pkey` })
    return
  }
  // Tables created before migration 0820 had `(id)` plus this unique key;
  // 0820 turned both into `primary key (tenant_id, id)`.
  table.unique(['tenant_id', 'id'], {
    indexName: constraintName(name, ['tenant_id', 'id'], 'unique'),
  })
}

export interface TenantReferenceOptions {
  nullable?: boolean
  /**
   * What happens to the child when the parent row is deleted. `SET NULL`
   * clears only the reference column (PostgreSQL 15+ column list), never
   * `tenant_id`, which must stay NOT NULL.
   */
  onDelete?: 'CASCADE' | 'RESTRICT' | 'SET NULL'
}

/**
 * A reference from one tenant table to another: the column plus the
 * composite foreign key `(tenant_id, column) → parent (tenant_id, id)`.
 * A plain `column → parent.id` key would let a row of tenant A point at a
 * row of tenant B; the composite key makes that an integrity violation.
 */
export function tenantReference(
  table: Knex.CreateTableBuilder,
  column: string,
  parentTable: string,
  options: TenantReferenceOptions = {}
) {
  const definition = table.integer(column)
  if (options.nullable) {
    definition.nullable()
  } else {
    definition.notNullable()
  }

  const onDelete =
    options.onDelete === 'SET NULL' ? `SET NULL (${column})` : (options.onDelete ?? 'RESTRICT')
  const tableName = tableNameOf(table)
  table
    .foreign(['tenant_id', column], constraintName(tableName, ['tenant_id', column], 'foreign'))
    .references(['tenant_id', 'id'])
    .inTable(parentTable)
    .onDelete(onDelete)
  // PostgreSQL does not index the referencing side by itself; deletes of the
  // parent and joins need this one, and it leads with tenant_id. Its own
  // suffix keeps it apart from a hand-written index on the same columns
  // (which is then redundant and can go).
  table.index(['tenant_id', column], constraintName(tableName, [column], 'tenant_fk_index'))
}

/** The current session's tenant (app/tenancy/row_level_security.ts); null when unset. */
const SESSION_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::bigint)`
/** True only inside withoutTenantScope() (platform code). */
const SESSION_BYPASS = `(select current_setting('app.bypass_rls', true)) = 'on'`

/**
 * Puts a tenant table under row-level security: enabled and forced (the
 * owner is bound too), one policy for the session's tenant and one for
 * the platform bypass. A session with neither setting sees no row and can
 * write none. The settings are read through a scalar subquery so each
 * statement reads them once, not once per row. Returns the statements for
 * `this.schema.raw`.
 */
export function tenantRowSecurity(table: string): string[] {
  const rule = `tenant_id = ${SESSION_TENANT}`
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy tenant_isolation on ${table} using (${rule}) with check (${rule})`,
    `create policy platform_bypass on ${table} using (${SESSION_BYPASS}) with check (${SESSION_BYPASS})`,
  ]
}

/** Undoes tenantRowSecurity (for a migration's `down`). */
export function dropTenantRowSecurity(table: string): string[] {
  return [
    `drop policy if exists platform_bypass on ${table}`,
    `drop policy if exists tenant_isolation on ${table}`,
    `alter table ${table} no force row level security`,
    `alter table ${table} disable row level security`,
  ]
}
