import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Invitations to join a company: by e-mail (single use, bound to the
 * address) or by a join code that can be shared (several uses until it
 * expires or is revoked). Only a SHA-256 hash of the link token or code is
 * stored.
 */
export default class extends BaseSchema {
  protected tableName = 'invitations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('kind', 8).notNullable()
      table.string('email', 254).nullable()
      table.string('role', 16).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      // Last characters of a join code, to recognise it in the list.
      table.string('code_hint', 8).nullable()
      tenantReference(table, 'invited_by_membership_id', 'memberships', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.integer('max_uses').nullable()
      table.integer('use_count').notNullable().defaultTo(0)
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('accepted_at', { useTz: true }).nullable()
      table
        .integer('accepted_by_user_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'created_at'])
    })
    this.schema.raw(`
      alter table invitations
        add constraint invitations_kind_check check (kind in ('email', 'code')),
        add constraint invitations_role_check check (role in ('ADMIN', 'OPERATOR', 'READONLY')),
        add constraint invitations_email_check
          check ((kind = 'email' and email is not null) or (kind = 'code' and email is null))
    `)
    // One open e-mail invitation per address and company.
    this.schema.raw(`
      create unique index invitations_open_email_unique
        on invitations (tenant_id, lower(email))
        where kind = 'email' and accepted_at is null and revoked_at is null
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
