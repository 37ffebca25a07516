import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The Stripe webhook inbox: every event received, by Stripe's event id
 * (unique, which makes a replay a no-op), with what became of it. A
 * platform table like audit_logs: an event is stored before it is known
 * which company it concerns, so `tenant_id` may be null (an event for a
 * customer Facturo does not know). The operator's runbook for a failed
 * webhook starts here (docs/billing.md).
 */
export default class extends BaseSchema {
  protected tableName = 'stripe_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id').notNullable()
      table.string('stripe_event_id', 255).notNullable().unique()
      table.string('type', 100).notNullable()
      table.boolean('livemode').notNullable().defaultTo(false)
      // Stripe's `created` of the event.
      table.timestamp('stripe_created_at', { useTz: true }).notNullable()
      table.integer('tenant_id').nullable().references('id').inTable('tenants').onDelete('SET NULL')
      // processing | processed | ignored | failed
      table.string('status', 16).notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.text('error').nullable()
      table.jsonb('payload').notNullable()
      table.timestamp('received_at', { useTz: true }).notNullable()
      table.timestamp('processed_at', { useTz: true }).nullable()

      table.index(['status', 'received_at'])
      table.index(['tenant_id', 'received_at'])
    })
    this.schema.raw(`
      alter table stripe_events
        add constraint stripe_events_status_check
          check (status in ('processing', 'processed', 'ignored', 'failed'))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
