import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * Plan-limit alerts already sent: one row per company, limit, threshold
 * (80 or 100 %) and monthly period. The unique key is what makes each
 * alert go out once per period, whoever notices it first; the platform
 * console reads this table for its "limit alerts" list.
 */
export default class extends BaseSchema {
  protected tableName = 'limit_alerts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('limit_kind', 16).notNullable()
      table.smallint('threshold').notNullable()
      table.date('period_start').notNullable()
      table.integer('used').notNullable()
      table.integer('maximum').notNullable()
      table.string('plan_code', 32).notNullable()
      table.integer('recipients').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.unique(['tenant_id', 'limit_kind', 'threshold', 'period_start'])
      // The console lists the latest alerts of every company.
      table.index(['created_at'])
    })
    this.schema.raw(`
      alter table limit_alerts
        add constraint limit_alerts_kind_check
          check (limit_kind in ('documents', 'establishments', 'users')),
        add constraint limit_alerts_threshold_check check (threshold in (80, 100))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
