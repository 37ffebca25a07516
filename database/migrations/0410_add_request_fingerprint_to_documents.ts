import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The SHA-256 of the request that created a document with an
 * Idempotency-Key: the same key sent again with another body is refused
 * instead of answering a document the client did not ask for.
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('request_fingerprint', 64).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('request_fingerprint')
    })
  }
}
