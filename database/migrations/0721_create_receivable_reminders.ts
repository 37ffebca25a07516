import { BaseSchema } from '@adonisjs/lucid/schema'
import {
  dropTenantRowSecurity,
  tenantReference,
  tenantRowSecurity,
  tenantTable,
} from '#tenancy/schema'

/**
 * Reminder e-mails to customers with overdue invoices (docs/reports.md,
 * "Receivables"): each company's choice (off until it turns them on, and
 * how many days past due), and one row per reminder sent, so an invoice is
 * reminded at most once a month and the company sees when.
 */
const TABLES = ['receivable_reminder_settings', 'receivable_reminders']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('receivable_reminder_settings', (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.boolean('enabled').notNullable().defaultTo(false)
      table.integer('days_after_due').notNullable().defaultTo(7)
      table.integer('updated_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
      table.unique(['tenant_id'])
    })
    this.schema.raw(`
      alter table receivable_reminder_settings
        add constraint receivable_reminder_settings_days_check
        check (days_after_due between 1 and 90)
    `)

    this.schema.createTable('receivable_reminders', (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      tenantReference(table, 'document_id', 'documents', { onDelete: 'CASCADE' })
      table.string('sent_to', 320).notNullable()
      table.integer('days_overdue').notNullable()
      table.decimal('outstanding', 14, 2).notNullable()
      table.timestamp('sent_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'document_id', 'sent_at'])
    })

    for (const name of TABLES) {
      for (const statement of tenantRowSecurity(name)) this.schema.raw(statement)
    }
  }

  async down() {
    for (const name of [...TABLES].reverse()) {
      for (const statement of dropTenantRowSecurity(name)) this.schema.raw(statement)
      this.schema.dropTable(name)
    }
  }
}
