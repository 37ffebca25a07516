import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * The emission point a member issues from by default (and so its
 * establishment). One per membership; memberships belong to accounts, this
 * row to the catalog.
 */
export default class extends BaseSchema {
  protected tableName = 'member_defaults'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'membership_id', 'memberships', { onDelete: 'CASCADE' })
      tenantReference(table, 'establishment_id', 'establishments')
      table.integer('emission_point_id').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'membership_id'])
      table
        .foreign(
          ['tenant_id', 'establishment_id', 'emission_point_id'],
          'member_defaults_point_foreign'
        )
        .references(['tenant_id', 'establishment_id', 'id'])
        .inTable('emission_points')
        .onDelete('CASCADE')
      table.index(['tenant_id', 'emission_point_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
