import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tenants are the companies using Facturo. This table is the root of the
 * isolation tree: every tenant-owned table references it through
 * `tenant_id` (see docs/architecture.md, "Tenant isolation").
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('country', 2).notNullable()
      // Ecuador: 13-digit RUC. Panama: RUC as written (e.g. 155596713-2-2015),
      // with its 2-digit DV apart.
      table.string('tax_id', 30).notNullable()
      table.string('tax_id_dv', 2).nullable()
      table.string('legal_name', 300).notNullable()
      table.string('trade_name', 300).notNullable()
      table.string('address', 300).notNullable()
      table.string('slug', 63).notNullable().unique()
      table.string('status', 16).notNullable().defaultTo('TRIAL')
      table.string('authority_environment', 16).notNullable().defaultTo('test')
      table.string('plan_code', 32).notNullable().defaultTo('basico')
      table.string('currency', 3).notNullable().defaultTo('USD')
      table.string('locale', 5).notNullable().defaultTo('es')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['country', 'tax_id'])
    })

    this.schema.raw(`
      alter table tenants
        add constraint tenants_country_check check (country in ('EC', 'PA')),
        add constraint tenants_status_check
          check (status in ('TRIAL', 'ACTIVE', 'PAST_DUE', 'SUSPENDED', 'CANCELLED')),
        add constraint tenants_environment_check
          check (authority_environment in ('test', 'production')),
        add constraint tenants_slug_format_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        add constraint tenants_dv_check
          check ((country = 'PA' and tax_id_dv ~ '^[0-9]{2}$') or (country <> 'PA' and tax_id_dv is null))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
