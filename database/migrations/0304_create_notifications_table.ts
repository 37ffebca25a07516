import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * In-app notices for one person in one company (the bell in the top bar).
 * The text is rendered from `kind` and `params` in the reader's language,
 * so a notice stored today reads right after a language switch.
 */
export default class extends BaseSchema {
  protected tableName = 'notifications'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('kind', 64).notNullable()
      table.string('severity', 16).notNullable().defaultTo('info')
      table.jsonb('params').notNullable().defaultTo('{}')
      table.string('link', 255).nullable()
      table.timestamp('read_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.index(['tenant_id', 'user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
