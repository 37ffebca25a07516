import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * A company's customers. The identification type is the country's code
 * (EC 04–08, PA tipoClienteFE 01–04); the Panama-only columns (DV,
 * taxpayer type, foreign id type and country) stay null elsewhere.
 */
export default class extends BaseSchema {
  protected tableName = 'customers'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('identification_type', 4).notNullable()
      // Empty only where the country allows it (PA consumidor final).
      table.string('identification', 50).notNullable().defaultTo('')
      table.string('check_digits', 2).nullable()
      table.string('taxpayer_type', 2).nullable()
      table.string('foreign_id_type', 2).nullable()
      table.string('foreign_country', 50).nullable()
      table.string('legal_name', 300).notNullable()
      table.string('trade_name', 300).nullable()
      table.string('address', 300).nullable()
      table.jsonb('emails').notNullable().defaultTo('[]')
      table.string('phone', 40).nullable()
      table.text('notes').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'is_active', 'legal_name'])
    })
    // Duplicate detection: one customer per identification and type in a
    // company. Blank numbers (allowed for PA final consumers) may repeat.
    this.schema.raw(`
      create unique index customers_identification_unique
        on customers (tenant_id, identification_type, identification)
        where identification <> ''
    `)
    this.schema.raw(`
      create index customers_search_name on customers (tenant_id, lower(legal_name) text_pattern_ops)
    `)
    this.schema.raw(`
      alter table customers
        add constraint customers_emails_array check (jsonb_typeof(emails) = 'array')
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
