import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Who sends an authorized document to the customer: Facturo's own mail
 * (the default) or, where the country's authority or PAC can deliver it
 * itself, the authority ('authority'), which also reports what became of
 * each e-mail. The document keeps which way its last e-mail went, and the
 * delivery states the authority reports (delivered, opened) join the check.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.string('customer_email_delivery', 12).notNullable().defaultTo('facturo')
    })
    this.schema.raw(`
      alter table tenants
        add constraint tenants_customer_email_delivery_check
          check (customer_email_delivery in ('facturo', 'authority'))
    `)
    this.schema.alterTable('documents', (table) => {
      table.string('email_via', 12).nullable()
    })
    this.schema.raw(`
      alter table documents
        drop constraint documents_email_status_check,
        add constraint documents_email_status_check
          check (email_status in ('none', 'queued', 'sent', 'delivered', 'opened', 'failed')),
        add constraint documents_email_via_check
          check (email_via is null or email_via in ('facturo', 'authority'))
    `)
  }

  async down() {
    this.schema.raw(`
      alter table documents
        drop constraint documents_email_via_check,
        drop constraint documents_email_status_check,
        add constraint documents_email_status_check
          check (email_status in ('none', 'queued', 'sent', 'failed'))
    `)
    this.schema.alterTable('documents', (table) => {
      table.dropColumn('email_via')
    })
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('customer_email_delivery')
    })
  }
}
