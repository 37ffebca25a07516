import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The user's session generation. Every session remembers the value it was
 * signed in with; raising it (password reset or change, deactivation, "sign
 * out the other devices") makes every older session worthless at once.
 */
export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.integer('session_version').notNullable().defaultTo(1)
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('session_version')
    })
  }
}
