import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One-time tokens mailed to a user: password reset and e-mail verification.
 * Only a SHA-256 hash is stored; the token itself exists only in the link.
 */
export default class extends BaseSchema {
  protected tableName = 'user_tokens'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('purpose', 32).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['user_id', 'purpose'])
    })
    this.schema.raw(
      `alter table user_tokens add constraint user_tokens_purpose_check
         check (purpose in ('password_reset', 'email_verification'))`
    )
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
