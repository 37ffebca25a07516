import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Emission points (EC "punto de emisión", PA "punto de facturación") of an
 * establishment: 001 onwards, unique within their establishment.
 */
export default class extends BaseSchema {
  protected tableName = 'emission_points'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'establishment_id', 'establishments')
      table.string('code', 3).notNullable()
      table.string('description', 120).nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'establishment_id', 'code'])
      // Target of the (tenant, establishment, point) foreign keys: a child
      // row cannot pair a point with an establishment it does not belong to.
      table.unique(['tenant_id', 'establishment_id', 'id'])
    })
    this.schema.raw(`
      alter table emission_points
        add constraint emission_points_code_check check (code ~ '^[0-9]{3}$' and code <> '000')
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
