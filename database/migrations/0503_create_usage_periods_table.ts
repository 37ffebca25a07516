import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * Documents issued per company and calendar month (the month as the
 * company's country counts it, e.g. America/Guayaquil). The counter is
 * bumped in the same transaction that numbers a document, by one
 * conditional upsert, so it can never pass the plan's limit nor drift
 * from the documents actually issued.
 */
export default class extends BaseSchema {
  protected tableName = 'usage_periods'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      // First day of the month, in the company's time zone.
      table.date('period_start').notNullable()
      table.integer('documents_issued').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'period_start'])
    })
    this.schema.raw(`
      alter table usage_periods
        add constraint usage_periods_documents_check check (documents_issued >= 0),
        add constraint usage_periods_month_start_check
          check (extract(day from period_start) = 1)
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
