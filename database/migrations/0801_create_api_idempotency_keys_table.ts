import { BaseSchema } from '@adonisjs/lucid/schema'
import { constraintName, tenantRowSecurity } from '#tenancy/schema'

/**
 * The answers of the REST API's creates, by `Idempotency-Key` and company:
 * a retried request with the same key and body gets the stored answer
 * back, the same key with another body is refused (app/api/idempotency.ts).
 * A row is written before the work starts (`status_code` null while it
 * runs), so two simultaneous requests with one key cannot both do it.
 */
export default class extends BaseSchema {
  protected tableName = 'api_idempotency_keys'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table
        .integer('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('key', 120).notNullable()
      table.primary(['tenant_id', 'key'], {
        constraintName: constraintName(this.tableName, ['tenant_id', 'key'], 'pkey'),
      })
      // SHA-256 of method, route and body.
      table.string('fingerprint', 64).notNullable()
      table.integer('status_code').nullable()
      table.jsonb('response').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
    for (const statement of tenantRowSecurity(this.tableName)) this.schema.raw(statement)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
