import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * PAC credentials of a Panama company (token empresa + token password), one
 * row per authority environment. The tokens themselves are one sealed
 * secret in `vault_secrets`; this row only says that they exist.
 */
export default class extends BaseSchema {
  protected tableName = 'pac_credentials'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('environment', 16).notNullable()
      tenantReference(table, 'secret_id', 'vault_secrets')
      table
        .integer('updated_by_user_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'environment'])
    })
    this.schema.raw(`
      alter table pac_credentials
        add constraint pac_credentials_environment_check
          check (environment in ('test', 'production'))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
