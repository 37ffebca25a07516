import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Who did what, when and from where. `tenant_id` is null for platform events
 * (sign-in attempts, super-admin actions). Rows are append-only: a trigger
 * refuses UPDATE and DELETE, so not even a bug in a tenant scope can rewrite
 * history.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_logs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id').notNullable()
      table.integer('tenant_id').nullable().references('id').inTable('tenants').onDelete('RESTRICT')
      table
        .integer('user_id')
        .nullable()
        .references('id')
        .inTable('users')
        // Users with history are anonymised, never deleted (a SET NULL here
        // would be an UPDATE, which the append-only trigger refuses).
        .onDelete('RESTRICT')
      table.string('action', 64).notNullable()
      table.string('entity', 64).nullable()
      table.string('entity_id', 64).nullable()
      table.jsonb('before').nullable()
      table.jsonb('after').nullable()
      table.string('ip', 64).nullable()
      table.string('user_agent', 512).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())

      table.index(['tenant_id', 'created_at'])
      table.index(['tenant_id', 'action', 'created_at'])
      table.index(['user_id', 'created_at'])
    })

    this.schema.raw(`
      create function audit_logs_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_logs is append-only (% refused)', tg_op
          using errcode = 'insufficient_privilege';
      end
      $$
    `)
    this.schema.raw(`
      create trigger audit_logs_append_only
        before update or delete on audit_logs
        for each row execute function audit_logs_append_only()
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
    this.schema.raw('drop function if exists audit_logs_append_only()')
  }
}
