import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Columns that assumed Ecuador and Panama, made country-neutral.
 *
 * Which countries exist is the registered tax adapters' business (one
 * provider line each), not the schema's: the country check keeps only the
 * shape of an ISO 3166-1 alpha-2 code, and the check digits column only
 * its format. Whether a country asks for check digits written apart is
 * its adapter's `profile.taxId.checkDigits`, enforced at registration.
 * A payment method is the code of the country's list (two digits for SRI
 * and DGI), checked by the adapter; the column takes codes up to 20
 * characters.
 */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.raw(`
      alter table tenants
        drop constraint tenants_country_check,
        drop constraint tenants_dv_check,
        add constraint tenants_country_check check (country ~ '^[A-Z]{2}$'),
        add constraint tenants_dv_check check (tax_id_dv is null or tax_id_dv ~ '^[0-9]{2}$')
    `)
    this.schema.alterTable('document_payments', (table) => {
      table.string('method', 20).notNullable().alter()
    })
  }

  async down() {
    this.schema.alterTable('document_payments', (table) => {
      table.string('method', 5).notNullable().alter()
    })
    this.schema.raw(`
      alter table tenants
        drop constraint tenants_country_check,
        drop constraint tenants_dv_check,
        add constraint tenants_country_check check (country in ('EC', 'PA')),
        add constraint tenants_dv_check
          check ((country = 'PA' and tax_id_dv ~ '^[0-9]{2}$') or (country <> 'PA' and tax_id_dv is null))
    `)
  }
}
