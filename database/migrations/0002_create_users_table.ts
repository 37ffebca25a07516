import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('full_name').nullable()
      table.string('email', 254).notNullable()
      table.string('password').notNullable()
      table.boolean('is_super_admin').notNullable().defaultTo(false)
      table.timestamp('email_verified_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
    // E-mail addresses are unique whatever their case.
    this.schema.raw('create unique index users_email_lower_unique on users (lower(email))')
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
