import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * The status history of a document: every transition and every answer of
 * the authority, with its messages and the raw reply kept for audit.
 */
export default class extends BaseSchema {
  protected tableName = 'document_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.string('kind', 30).notNullable()
      table.string('from_status', 20).nullable()
      table.string('to_status', 20).nullable()
      table.jsonb('messages').notNullable().defaultTo('[]')
      table.text('raw').nullable()
      table.string('detail', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'document_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
