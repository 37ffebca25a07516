import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Start of the current "en proceso" polling window. Null means the window
 * started when the document was submitted (or signed); "Consultar de
 * nuevo" on a flagged document sets it to now, so the pipeline polls for
 * another full window without rewriting `submitted_at`.
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.timestamp('polling_since', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('polling_since')
    })
  }
}
