import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Accounts additions to the foundation's users table: the language used for
 * the user's e-mails, and when they last signed in.
 */
export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('locale', 5).notNullable().defaultTo('es')
      table.timestamp('last_login_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('locale')
      table.dropColumn('last_login_at')
    })
  }
}
