import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An authorization number is not always SRI's 49-digit clave: Panama's is
 * the CUFE the PAC assigns, 66 characters. Widened to 100 so a country's
 * own key fits.
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('authorization_number', 100).nullable().alter()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('authorization_number', 49).nullable().alter()
    })
  }
}
