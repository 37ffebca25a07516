import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Expiry alerts already sent: one row per certificate and threshold (30,
 * 15, 7, 1 days before, 0 = expired). The unique key is what makes the
 * daily job send each alert once, even when it runs twice.
 */
export default class extends BaseSchema {
  protected tableName = 'certificate_alerts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'certificate_id', 'certificates', { onDelete: 'CASCADE' })
      table.integer('threshold').notNullable()
      table.integer('recipients').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.unique(['tenant_id', 'certificate_id', 'threshold'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
