import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the platform console keeps of its own, and the indexes its
 * cross-company queries read:
 *
 * - `mrr_snapshots`: the monthly recurring revenue of each day, so the
 *   overview can say how it changed (Stripe keeps no history of our plans);
 * - `admin_alert_acknowledgements`: alerts of the console's inbox that a
 *   super-admin has dealt with (the alerts themselves are read from the
 *   tables that raise them);
 * - `billing_accounts.suspension_note`: the reason a super-admin gave when
 *   suspending a company, shown to the company in its banner;
 * - platform indexes on documents and document events by time. Tenant
 *   queries lead with `tenant_id`; these serve the console's per-day
 *   figures across every company without reading every row.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('mrr_snapshots', (table) => {
      table.date('day').primary()
      table.decimal('mrr', 14, 2).notNullable()
      table.integer('subscriptions').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('admin_alert_acknowledgements', (table) => {
      table.increments('id').notNullable()
      table.string('alert_key', 160).notNullable().unique()
      table.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('note', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.alterTable('billing_accounts', (table) => {
      table.string('suspension_note', 500).nullable()
    })
    this.schema.raw(
      'create index documents_signed_at_platform on documents (signed_at) where signed_at is not null'
    )
    this.schema.raw(
      'create index documents_authorized_at_platform on documents (authorized_at) where authorized_at is not null'
    )
    this.schema.raw(
      'create index document_events_created_at_platform on document_events (created_at)'
    )
    this.schema.raw('create index tenants_created_at on tenants (created_at)')
    this.schema.raw('create index audit_logs_created_at on audit_logs (created_at)')
  }

  async down() {
    this.schema.raw('drop index if exists audit_logs_created_at')
    this.schema.raw('drop index if exists tenants_created_at')
    this.schema.raw('drop index if exists document_events_created_at_platform')
    this.schema.raw('drop index if exists documents_authorized_at_platform')
    this.schema.raw('drop index if exists documents_signed_at_platform')
    this.schema.alterTable('billing_accounts', (table) => {
      table.dropColumn('suspension_note')
    })
    this.schema.dropTable('admin_alert_acknowledgements')
    this.schema.dropTable('mrr_snapshots')
  }
}
