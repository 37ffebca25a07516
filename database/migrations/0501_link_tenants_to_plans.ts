import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A company's plan is a row of `plans` (a platform table, so an ordinary
 * foreign key). New companies start on the trial plan.
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('plan_code', 32).notNullable().defaultTo('trial').alter()
      table
        .foreign('plan_code', 'tenants_plan_code_foreign')
        .references('code')
        .inTable('plans')
        .onUpdate('CASCADE')
        .onDelete('RESTRICT')
      table.index(['plan_code'])
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropForeign('plan_code', 'tenants_plan_code_foreign')
      table.dropIndex(['plan_code'])
      table.string('plan_code', 32).notNullable().defaultTo('basico').alter()
    })
  }
}
