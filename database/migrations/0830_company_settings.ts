import { BaseSchema } from '@adonisjs/lucid/schema'
import { dropTenantRowSecurity, tenantRowSecurity, tenantTable } from '#tenancy/schema'

/**
 * Company settings: the contact printed on documents, the country's own
 * fields (declared by its adapter, kept as JSON under their keys) and the
 * logo. The logo has a table of its own so that the company row, read on
 * every request, never carries its bytes.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.string('contact_email', 254).nullable()
      table.string('contact_phone', 30).nullable()
      table.jsonb('country_settings').notNullable().defaultTo('{}')
    })
    this.schema.createTable('company_logos', (table) => {
      table.increments('id', { primaryKey: false })
      tenantTable(table, { primaryKey: true })
      table.string('content_type', 20).notNullable()
      table.binary('content').notNullable()
      table.integer('width').notNullable()
      table.integer('height').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      // One logo per company.
      table.unique(['tenant_id'])
    })
    this.schema.raw(
      `alter table company_logos add constraint company_logos_type_check check (content_type in ('image/png', 'image/jpeg'))`
    )
    for (const statement of tenantRowSecurity('company_logos')) this.schema.raw(statement)
  }

  async down() {
    for (const statement of dropTenantRowSecurity('company_logos')) this.schema.raw(statement)
    this.schema.dropTable('company_logos')
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('contact_email')
      table.dropColumn('contact_phone')
      table.dropColumn('country_settings')
    })
  }
}
