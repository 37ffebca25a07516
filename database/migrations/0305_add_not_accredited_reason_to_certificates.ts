import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Why a certificate is evidently not from an accredited certification
 * entity ('self_signed' or 'ca_certificate'), null otherwise. Recorded at
 * upload so that a switch of the company to SRI's production environment,
 * which refuses such certificates, can say so without opening the file.
 */
export default class extends BaseSchema {
  protected tableName = 'certificates'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('not_accredited_reason', 32).nullable()
    })
    this.schema.raw(`
      alter table certificates
        add constraint certificates_not_accredited_reason_check
          check (not_accredited_reason in ('self_signed', 'ca_certificate'))
    `)
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('not_accredited_reason')
    })
  }
}
