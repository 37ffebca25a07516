import { BaseSchema } from '@adonisjs/lucid/schema'
import { dropTenantRowSecurity, tenantRowSecurity, tenantTable } from '#tenancy/schema'

/**
 * The latest reading of a company's quota with its authority or PAC (HKA
 * folios), one row per company and environment: the figures of the last
 * successful reading, when it was taken, the last failure, and which low
 * alerts (20 %, 5 %, 0 left) were already sent for the current low spell.
 */
export default class extends BaseSchema {
  protected tableName = 'authority_quotas'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id', { primaryKey: false })
      tenantTable(table, { primaryKey: true })
      table.string('environment', 12).notNullable()
      table.integer('available').nullable()
      table.integer('used').nullable()
      table.integer('total').nullable()
      table.date('period_from').nullable()
      table.date('period_to').nullable()
      table.string('licence_code', 100).nullable()
      table.integer('licence_total').nullable()
      table.date('licence_from').nullable()
      table.date('licence_to').nullable()
      /** Last successful reading. */
      table.timestamp('checked_at', { useTz: true }).nullable()
      /** Last attempt, successful or not. */
      table.timestamp('attempted_at', { useTz: true }).nullable()
      /** The last failure ({ es, en }), cleared by the next success. */
      table.jsonb('last_error').nullable()
      table.timestamp('last_error_at', { useTz: true }).nullable()
      /** Alert thresholds already sent (20, 5, 0), re-armed when folios go back up. */
      table.specificType('alerted_thresholds', 'integer[]').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'environment'])
    })
    this.schema.raw(
      `alter table authority_quotas add constraint authority_quotas_environment_check check (environment in ('test', 'production'))`
    )
    for (const statement of tenantRowSecurity(this.tableName)) this.schema.raw(statement)
  }

  async down() {
    for (const statement of dropTenantRowSecurity(this.tableName)) this.schema.raw(statement)
    this.schema.dropTable(this.tableName)
  }
}
