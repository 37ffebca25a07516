import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * Products and services. Prices and stock are numeric(18,6): up to six
 * decimals (SRI precioUnitario and cantidad allow six), never floats. The
 * tax category is the country's code (EC iva_15…, PA itbms_7…).
 */
export default class extends BaseSchema {
  protected tableName = 'products'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      // SRI codigoPrincipal is at most 25 characters.
      table.string('code', 25).notNullable()
      table.string('description', 300).notNullable()
      table.string('unit', 20).nullable()
      table.decimal('unit_price', 18, 6).notNullable()
      table.string('tax_category', 32).notNullable()
      table.boolean('track_stock').notNullable().defaultTo(false)
      table.decimal('stock', 18, 6).nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'is_active', 'description'])
    })
    // Codes are unique per company regardless of case ("abc" = "ABC").
    this.schema.raw('create unique index products_code_unique on products (tenant_id, lower(code))')
    this.schema.raw(`
      alter table products
        add constraint products_unit_price_check check (unit_price >= 0),
        add constraint products_stock_check
          check ((track_stock and stock is not null) or (not track_stock and stock is null))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
