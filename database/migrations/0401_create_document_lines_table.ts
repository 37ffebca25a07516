import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/** Lines of a document, as issued (code, description and price are copied from the product). */
export default class extends BaseSchema {
  protected tableName = 'document_lines'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      tenantReference(table, 'product_id', 'products', { nullable: true, onDelete: 'SET NULL' })
      // For credit notes: the invoice line it gives back.
      tenantReference(table, 'source_line_id', 'document_lines', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.integer('position').notNullable()
      table.string('code', 25).notNullable()
      table.string('description', 300).notNullable()
      table.string('unit', 20).nullable()
      table.decimal('quantity', 18, 6).notNullable()
      table.decimal('unit_price', 18, 6).notNullable()
      table.decimal('discount', 14, 2).notNullable().defaultTo(0)
      table.string('tax_category', 30).notNullable()
      table.decimal('subtotal', 14, 2).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'document_id', 'position'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
