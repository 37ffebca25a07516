import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * A company's establishments (EC "establecimiento" 001, PA "sucursal" 0000
 * casa matriz, 0001 onwards). The code is printed on every document number,
 * so it is unique per company and never reused: establishments are
 * deactivated, not deleted.
 */
export default class extends BaseSchema {
  protected tableName = 'establishments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      // 3 digits in Ecuador, 4 in Panama: the country's format is checked
      // by the validator, the database only keeps it numeric.
      table.string('code', 4).notNullable()
      table.string('name', 120).nullable()
      table.string('address', 300).notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'code'])
    })
    this.schema.raw(`
      alter table establishments
        add constraint establishments_code_check check (code ~ '^[0-9]{3,4}$')
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
