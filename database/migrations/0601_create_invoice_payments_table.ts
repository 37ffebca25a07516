import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Money received against an invoice (receivables). Kept apart from the
 * document: a payment never changes the fiscal document, and an invoice
 * may be paid in several parts.
 */
export default class extends BaseSchema {
  protected tableName = 'invoice_payments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.date('paid_on').notNullable()
      table.string('method', 20).notNullable()
      table.decimal('amount', 14, 2).notNullable()
      table.string('reference', 120).nullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      alter table invoice_payments
        add constraint invoice_payments_amount_check check (amount > 0)
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
