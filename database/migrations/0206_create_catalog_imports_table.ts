import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * CSV imports of customers or products: the uploaded file (kept in the row
 * so any worker can read it), the column mapping, and the progress and
 * row-by-row report the import page polls.
 */
export default class extends BaseSchema {
  protected tableName = 'catalog_imports'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'membership_id', 'memberships', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.string('kind', 16).notNullable()
      table.string('status', 16).notNullable()
      table.string('file_name', 255).notNullable()
      table.string('encoding', 16).notNullable()
      table.string('delimiter', 1).notNullable()
      table.binary('content').notNullable()
      table.jsonb('headers').notNullable().defaultTo('[]')
      table.jsonb('mapping').nullable()
      table.string('locale', 8).notNullable().defaultTo('es')
      table.integer('total_rows').notNullable().defaultTo(0)
      table.integer('processed_rows').notNullable().defaultTo(0)
      table.integer('valid_rows').notNullable().defaultTo(0)
      table.integer('imported_rows').notNullable().defaultTo(0)
      table.integer('error_rows').notNullable().defaultTo(0)
      // The first rows in error (line, field, message); error_rows counts all.
      table.jsonb('errors').notNullable().defaultTo('[]')
      table.text('failure').nullable()
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'created_at'])
    })
    this.schema.raw(`
      alter table catalog_imports
        add constraint catalog_imports_kind_check check (kind in ('customers', 'products')),
        add constraint catalog_imports_status_check
          check (status in ('uploaded', 'queued', 'validating', 'importing', 'completed', 'failed'))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
