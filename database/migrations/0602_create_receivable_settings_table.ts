import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/** Per company: whether overdue invoices get a reminder e-mail (off unless the company turns it on). */
export default class extends BaseSchema {
  protected tableName = 'receivable_settings'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.boolean('reminders_enabled').notNullable().defaultTo(false)
      table.integer('reminder_after_days').notNullable().defaultTo(7)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.unique(['tenant_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
