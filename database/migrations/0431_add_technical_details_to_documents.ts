import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the adapter's builder reported about the figures when the document
 * was issued (schema version; per tax group, the header amount next to the
 * sum of the per-line amounts and their rounding gap). Shown in the
 * document's technical details and used to explain an authority's
 * arithmetic rejection (SRI error 52).
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.jsonb('technical_details').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('technical_details')
    })
  }
}
