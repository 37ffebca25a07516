import { BaseSchema } from '@adonisjs/lucid/schema'
import {
  dropTenantRowSecurity,
  tenantReference,
  tenantRowSecurity,
  tenantTable,
} from '#tenancy/schema'

/**
 * The authority's own files of a document (its printable PDF, its XML as
 * authorized), where the authority or its PAC renders them: fetched once,
 * kept, handed out from here. A table of their own so that lists of
 * documents never carry the bytes.
 */
export default class extends BaseSchema {
  protected tableName = 'document_files'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.string('kind', 10).notNullable()
      table.binary('content').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'document_id', 'kind'])
    })
    this.schema.raw(
      `alter table document_files add constraint document_files_kind_check check (kind in ('pdf', 'xml'))`
    )
    for (const statement of tenantRowSecurity(this.tableName)) this.schema.raw(statement)
  }

  async down() {
    for (const statement of dropTenantRowSecurity(this.tableName)) this.schema.raw(statement)
    this.schema.dropTable(this.tableName)
  }
}
