import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where the authority voids documents itself, an authorized document can
 * end VOIDED: the status joins the check, and the document keeps when and
 * why. Authorities that print a verification code on the document (a QR
 * URL and a protocol number beside the authorization number) give them in
 * the authorization reply; the document keeps them for its printable form.
 * The key an authority assigns when authorizing (HKA's CUFE, 66
 * characters) replaces the built one, so the column widens to 100.
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.raw(`
      alter table documents
        drop constraint documents_status_check,
        add constraint documents_status_check
          check (status in ('DRAFT', 'ISSUED', 'SUBMITTED', 'PENDING', 'AUTHORIZED', 'REJECTED', 'VOIDED'))
    `)
    this.schema.alterTable(this.tableName, (table) => {
      table.timestamp('voided_at', { useTz: true }).nullable()
      table.string('void_reason', 250).nullable()
      table.string('verification_url', 1000).nullable()
      table.string('protocol_number', 50).nullable()
      // The key the authority assigns replaces the built one (HKA's CUFE: 66 characters).
      table.string('access_key', 100).nullable().alter()
    })
  }

  /**
   * Rolling back must work with data in the table: a voided document goes
   * back to AUTHORIZED (the last state the earlier lifecycle knew for it),
   * and the key column stays at 100 characters, since an authority's key
   * (a CUFE) would not fit in 49 and truncating it would lose it.
   */
  async down() {
    this.schema.raw(`
      set local app.bypass_rls = 'on';
      update documents set status = 'AUTHORIZED' where status = 'VOIDED'
    `)
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('voided_at')
      table.dropColumn('void_reason')
      table.dropColumn('verification_url')
      table.dropColumn('protocol_number')
    })
    this.schema.raw(`
      alter table documents
        drop constraint documents_status_check,
        add constraint documents_status_check
          check (status in ('DRAFT', 'ISSUED', 'SUBMITTED', 'PENDING', 'AUTHORIZED', 'REJECTED'))
    `)
  }
}
