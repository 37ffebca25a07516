import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Signing certificates (Ecuador) uploaded by a company: what was read from
 * the file, for display and for the expiry watch, plus references to the
 * sealed file and password in `vault_secrets`. One current certificate per
 * company (partial unique index); replaced ones stay as history.
 */
export default class extends BaseSchema {
  protected tableName = 'certificates'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('status', 16).notNullable()
      table.boolean('is_current').notNullable().defaultTo(false)
      table.string('holder_name', 300).notNullable()
      table.string('holder_tax_id', 20).nullable()
      table.text('subject').notNullable()
      table.string('issuer_name', 300).notNullable()
      table.text('issuer').notNullable()
      table.string('serial_hex', 80).notNullable()
      table.string('fingerprint_sha256', 64).notNullable()
      table.timestamp('valid_from', { useTz: true }).notNullable()
      table.timestamp('valid_to', { useTz: true }).notNullable()
      table.string('file_name', 255).nullable()
      // A replaced certificate keeps its details as history, but its file and
      // password are destroyed: a secret nobody needs is a secret that cannot leak.
      tenantReference(table, 'p12_secret_id', 'vault_secrets', { nullable: true })
      tenantReference(table, 'password_secret_id', 'vault_secrets', { nullable: true })
      table
        .integer('uploaded_by_user_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      // Decrypt-for-signing is counted here rather than logged per use.
      table.integer('decrypt_count').notNullable().defaultTo(0)
      table.timestamp('last_decrypted_at', { useTz: true }).nullable()
      table.timestamp('replaced_at', { useTz: true }).nullable()
      table.timestamp('expired_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'created_at'])
    })
    this.schema.raw(`
      alter table certificates
        add constraint certificates_status_check
          check (status in ('active', 'expired', 'replaced')),
        add constraint certificates_current_check
          check ((is_current and status <> 'replaced') or (not is_current and status = 'replaced')),
        add constraint certificates_current_secrets_check
          check (not is_current or (p12_secret_id is not null and password_secret_id is not null))
    `)
    this.schema.raw(
      'create unique index certificates_one_current on certificates (tenant_id) where is_current'
    )
    // The expiry watch and the platform console read current certificates
    // across companies by end date.
    this.schema.raw(
      'create index certificates_current_valid_to on certificates (valid_to) where is_current'
    )
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
