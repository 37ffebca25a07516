import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The authority's authorization record, kept as it answered: for SRI the
 * `<autorizacion>` document (estado, numeroAutorizacion, fechaAutorizacion,
 * ambiente, the comprobante in CDATA). It is the XML with tax validity that
 * the customer receives; `signed_xml` stays the comprobante Facturo signed.
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.text('authorization_xml').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('authorization_xml')
    })
  }
}
