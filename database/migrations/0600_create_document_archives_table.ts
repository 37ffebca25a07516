import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * ZIP files of a period's authorized XMLs (and PDFs), built by a queue job
 * (app/reports/jobs/build_archive_job.ts). The file lives on disk; the row
 * keeps its progress and where it is.
 */
export default class extends BaseSchema {
  protected tableName = 'document_archives'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('status', 12).notNullable().defaultTo('queued')
      table.date('date_from').notNullable()
      table.date('date_to').notNullable()
      table.boolean('include_pdf').notNullable().defaultTo(false)
      table.integer('total').notNullable().defaultTo(0)
      table.integer('done').notNullable().defaultTo(0)
      table.string('file_path', 500).nullable()
      table.bigInteger('file_size').nullable()
      table.string('failure', 500).nullable()
      table.string('locale', 5).notNullable().defaultTo('es')
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.index(['tenant_id', 'created_at'])
    })
    this.schema.raw(`
      alter table document_archives
        add constraint document_archives_status_check
          check (status in ('queued', 'building', 'ready', 'failed')),
        add constraint document_archives_period_check check (date_from <= date_to)
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
