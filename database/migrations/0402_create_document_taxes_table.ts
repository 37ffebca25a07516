import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/** Tax totals per category of a document, as the adapter's builder computed them. */
export default class extends BaseSchema {
  protected tableName = 'document_taxes'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.string('category', 30).notNullable()
      table.string('authority_code', 5).notNullable()
      table.string('authority_rate_code', 5).notNullable()
      table.decimal('rate', 7, 2).notNullable()
      table.decimal('base', 14, 2).notNullable()
      table.decimal('amount', 14, 2).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
