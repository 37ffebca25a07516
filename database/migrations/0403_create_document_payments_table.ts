import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/** Payment methods of an invoice (SRI formaPago, amount and term). */
export default class extends BaseSchema {
  protected tableName = 'document_payments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.string('method', 5).notNullable()
      table.decimal('amount', 14, 2).notNullable()
      table.integer('term').nullable()
      table.string('term_unit', 10).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
