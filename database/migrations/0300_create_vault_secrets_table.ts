import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantTable } from '#tenancy/schema'

/**
 * Encrypted secrets of a company (certificate files, their passwords, PAC
 * tokens), sealed by the vault (app/certificates/vault/vault.ts). Only the
 * ciphertext and what is needed to open it are stored: the master key id,
 * the GCM IV and tag, and an HMAC of the plaintext under the tenant key.
 * Rows are never updated except by `node ace vault:rotate`, which re-seals
 * them under the current master key.
 */
export default class extends BaseSchema {
  protected tableName = 'vault_secrets'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      // What the secret is ("certificate.p12", "pac.test"): bound into the AAD.
      table.string('purpose', 64).notNullable()
      table.string('key_id', 32).notNullable()
      table.binary('iv').notNullable()
      table.binary('tag').notNullable()
      table.binary('ciphertext').notNullable()
      table.string('content_hash', 64).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('rotated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'purpose'])
      // The rotation walks the platform-wide list of rows under an old key.
      table.index(['key_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
