import { BaseSchema } from '@adonisjs/lucid/schema'
import { constraintName, dropTenantRowSecurity, tenantRowSecurity } from '#tenancy/schema'

/**
 * The authority work on an issued document moves out of `documents` into
 * its own table, owned by the tax module (app/tax/models/tax_submission.ts):
 * how many times it was sent and polled, the polling window, when it is
 * looked at next, whether it waits for a person (flagged), when the
 * authority acknowledged it and the last failure it explained. `documents`
 * keeps the sale, its lifecycle status and the authorization results.
 * The authority's replies themselves stay in `document_events` (messages
 * and raw reply), as before: nothing is copied twice.
 *
 * One row per issued document (1:1), keyed by the document: nothing
 * points at a submission, so there is no surrogate id, and the primary key
 * is the only index the issue path maintains besides the sweeper's
 * partial one. The composite foreign key (tenant_id, document_id) makes
 * PostgreSQL refuse a submission of another company's document, and
 * row-level security applies as on every tenant table.
 *
 * Existing rows are carried over in the same migration; `down` puts them
 * back. Row-level security binds the owner too (it is forced), so the
 * statements that copy every company's rows name the platform bypass for
 * the migration's transaction only (`set local`).
 */
const SUBMISSION_COLUMNS = [
  'submit_attempts',
  'status_checks',
  'submitted_at',
  'pending_since',
  'next_check_at',
  'flagged_at',
  'polling_since',
  'last_error',
] as const

export default class extends BaseSchema {
  protected tableName = 'tax_submissions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.integer('document_id').notNullable().primary()
      table
        .integer('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .foreign(
          ['tenant_id', 'document_id'],
          constraintName(this.tableName, ['tenant_id', 'document_id'], 'foreign')
        )
        .references(['tenant_id', 'id'])
        .inTable('documents')
        .onDelete('CASCADE')
      // Outage bookkeeping: how many times the authority was tried and when next.
      table.integer('submit_attempts').notNullable().defaultTo(0)
      table.integer('status_checks').notNullable().defaultTo(0)
      table.timestamp('submitted_at', { useTz: true }).nullable()
      table.timestamp('pending_since', { useTz: true }).nullable()
      table.timestamp('next_check_at', { useTz: true }).nullable()
      table.timestamp('flagged_at', { useTz: true }).nullable()
      table.timestamp('polling_since', { useTz: true }).nullable()
      table.string('last_error', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    // The sweeper's look-up across companies: rounds that are due and not
    // waiting for a person. Final documents clear next_check_at, so the
    // index holds the unfinished ones only.
    this.schema.raw(`
      create index tax_submissions_due_index on tax_submissions (next_check_at)
        where next_check_at is not null and flagged_at is null
    `)
    for (const statement of tenantRowSecurity(this.tableName)) this.schema.raw(statement)

    this.schema.raw(`
      set local app.bypass_rls = 'on';
      insert into tax_submissions
        (tenant_id, document_id, ${SUBMISSION_COLUMNS.join(', ')}, created_at, updated_at)
      select tenant_id, id, ${SUBMISSION_COLUMNS.join(', ')},
             coalesce(signed_at, created_at), coalesce(updated_at, created_at)
        from documents
       where status <> 'DRAFT'
    `)
    this.schema.alterTable('documents', (table) => {
      // documents_unfinished_index (tenant_id, next_check_at) goes with its column.
      table.dropColumns(...SUBMISSION_COLUMNS)
    })
  }

  async down() {
    this.schema.alterTable('documents', (table) => {
      table.integer('submit_attempts').notNullable().defaultTo(0)
      table.integer('status_checks').notNullable().defaultTo(0)
      table.timestamp('submitted_at', { useTz: true }).nullable()
      table.timestamp('pending_since', { useTz: true }).nullable()
      table.timestamp('next_check_at', { useTz: true }).nullable()
      table.timestamp('flagged_at', { useTz: true }).nullable()
      table.timestamp('polling_since', { useTz: true }).nullable()
      table.string('last_error', 500).nullable()
    })
    this.schema.raw(`
      set local app.bypass_rls = 'on';
      update documents d set
        ${SUBMISSION_COLUMNS.map((column) => `${column} = s.${column}`).join(', ')}
      from tax_submissions s
      where s.document_id = d.id and s.tenant_id = d.tenant_id
    `)
    this.schema.raw(`
      create index documents_unfinished_index on documents (tenant_id, next_check_at)
        where status in ('ISSUED', 'SUBMITTED', 'PENDING')
    `)
    for (const statement of dropTenantRowSecurity(this.tableName)) this.schema.raw(statement)
    this.schema.dropTable(this.tableName)
  }
}
