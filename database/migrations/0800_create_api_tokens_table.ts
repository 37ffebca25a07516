import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Access tokens of the REST API, one set per company: the table of
 * @adonisjs/auth's DbAccessTokensProvider (`#api/tokens`), whose tokenable is
 * the company (`tokenable_id` → tenants). Only the token's hash is stored;
 * the secret is shown once, when it is created.
 *
 * A token is looked up by its id before anyone knows which company asks
 * (the token says it), so the table is a platform table like `sessions`:
 * no `tenant_id` column and no row-level security. Every read and write
 * outside verification names `tokenable_id` (the provider does).
 */
export default class extends BaseSchema {
  protected tableName = 'api_tokens'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('tokenable_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('type', 32).notNullable()
      table.string('name', 100).notNullable()
      table.string('hash', 80).notNullable().unique()
      // JSON text: the provider parses it itself (a jsonb column would arrive parsed).
      table.text('abilities').notNullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.index(['tokenable_id', 'type'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
