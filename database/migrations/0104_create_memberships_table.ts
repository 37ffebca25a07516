import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * A user's place in a company, with its role. Users are platform-wide; the
 * membership is the tenant-owned row.
 */
export default class extends BaseSchema {
  protected tableName = 'memberships'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.boolean('is_default').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id', 'user_id'])
      table.index(['tenant_id', 'role'])
      // Platform-side lookup "which companies does this user belong to",
      // made before any tenant is known (login, switcher).
      table.index(['user_id'])
    })
    this.schema.raw(`
      alter table memberships
        add constraint memberships_role_check
          check (role in ('OWNER', 'ADMIN', 'OPERATOR', 'READONLY'))
    `)
    // At most one default company per user.
    this.schema.raw(
      'create unique index memberships_one_default_per_user on memberships (user_id) where is_default'
    )
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
