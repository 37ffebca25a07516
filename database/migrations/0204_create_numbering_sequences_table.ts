import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * One row per (company, establishment, emission point, document type,
 * authority environment): the last number handed out. Rows are created on
 * first use and only ever move forward (app/catalog/numbering).
 */
export default class extends BaseSchema {
  protected tableName = 'numbering_sequences'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'establishment_id', 'establishments')
      table.integer('emission_point_id').notNullable()
      table.string('document_type', 24).notNullable()
      table.string('environment', 12).notNullable()
      table.bigInteger('last_number').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(
        ['tenant_id', 'establishment_id', 'emission_point_id', 'document_type', 'environment'],
        { indexName: 'numbering_sequences_sequence_key_unique' }
      )
      // The point must belong to this company *and* this establishment.
      table
        .foreign(
          ['tenant_id', 'establishment_id', 'emission_point_id'],
          'numbering_sequences_point_foreign'
        )
        .references(['tenant_id', 'establishment_id', 'id'])
        .inTable('emission_points')
        .onDelete('RESTRICT')
      table.index(['tenant_id', 'emission_point_id'])
    })
    this.schema.raw(`
      alter table numbering_sequences
        add constraint numbering_sequences_environment_check
          check (environment in ('test', 'production')),
        add constraint numbering_sequences_last_number_check check (last_number >= 0)
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
