import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * Invoices and credit notes. One row per document from the first draft to
 * the authority's final answer; the signed XML and the clave are written in
 * the same transaction that hands out the number (app/documents/actions/issue_document.ts).
 */
export default class extends BaseSchema {
  protected tableName = 'documents'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.string('type', 20).notNullable()
      table.string('status', 20).notNullable().defaultTo('DRAFT')
      tenantReference(table, 'customer_id', 'customers', { nullable: true, onDelete: 'SET NULL' })
      tenantReference(table, 'establishment_id', 'establishments')
      table.integer('emission_point_id').notNullable()
      // The point must belong to the establishment, in the same company.
      table
        .foreign(['tenant_id', 'establishment_id', 'emission_point_id'])
        .references(['tenant_id', 'establishment_id', 'id'])
        .inTable('emission_points')
        .onDelete('RESTRICT')
      table.index(['tenant_id', 'emission_point_id'])
      tenantReference(table, 'referenced_document_id', 'documents', { nullable: true })
      table.string('environment', 12).notNullable()
      table.date('issue_date').notNullable()
      table.string('currency', 3).notNullable().defaultTo('USD')
      table.integer('sequential').nullable()
      table.string('number', 20).nullable()
      table.string('access_key', 49).nullable()
      // Buyer as issued: later edits of the customer never change a document.
      table.jsonb('buyer').notNullable()
      table.jsonb('additional_info').notNullable().defaultTo('[]')
      table.string('reason', 300).nullable()
      table.decimal('subtotal', 14, 2).notNullable().defaultTo(0)
      table.decimal('discount_total', 14, 2).notNullable().defaultTo(0)
      table.decimal('tax_total', 14, 2).notNullable().defaultTo(0)
      table.decimal('tip', 14, 2).notNullable().defaultTo(0)
      table.decimal('total', 14, 2).notNullable().defaultTo(0)
      table.text('signed_xml').nullable()
      table.text('authorized_xml').nullable()
      table.string('authorization_number', 49).nullable()
      table.timestamp('authorized_at', { useTz: true }).nullable()
      table.timestamp('signed_at', { useTz: true }).nullable()
      table.timestamp('submitted_at', { useTz: true }).nullable()
      // Outage bookkeeping: how many times the authority was tried and when next.
      table.integer('submit_attempts').notNullable().defaultTo(0)
      table.integer('status_checks').notNullable().defaultTo(0)
      table.timestamp('pending_since', { useTz: true }).nullable()
      table.timestamp('next_check_at', { useTz: true }).nullable()
      table.timestamp('flagged_at', { useTz: true }).nullable()
      table.string('last_error', 500).nullable()
      table.string('idempotency_key', 120).nullable()
      table.string('email_status', 12).notNullable().defaultTo('none')
      table.timestamp('emailed_at', { useTz: true }).nullable()
      table.string('email_error', 500).nullable()
      table.boolean('is_demo').notNullable().defaultTo(false)
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.index(['tenant_id', 'status'])
      table.index(['tenant_id', 'issue_date'])
      table.index(['tenant_id', 'customer_id'])
    })
    this.schema.raw(`
      alter table documents
        add constraint documents_type_check check (type in ('invoice', 'credit_note')),
        add constraint documents_status_check
          check (status in ('DRAFT', 'ISSUED', 'SUBMITTED', 'PENDING', 'AUTHORIZED', 'REJECTED')),
        add constraint documents_environment_check check (environment in ('test', 'production')),
        add constraint documents_email_status_check
          check (email_status in ('none', 'queued', 'sent', 'failed')),
        add constraint documents_credit_note_reference_check
          check (type <> 'credit_note' or referenced_document_id is not null)
    `)
    // A clave identifies one document for ever; a number is never given twice.
    this.schema.raw(
      'create unique index documents_access_key_unique on documents (access_key) where access_key is not null'
    )
    this.schema.raw(`
      create unique index documents_number_unique
        on documents (tenant_id, type, environment, establishment_id, emission_point_id, sequential)
        where sequential is not null
    `)
    this.schema.raw(`
      create unique index documents_idempotency_unique
        on documents (tenant_id, idempotency_key) where idempotency_key is not null
    `)
    // The outage backlog and the sweeper read unfinished documents only.
    this.schema.raw(`
      create index documents_unfinished_index on documents (tenant_id, next_check_at)
        where status in ('ISSUED', 'SUBMITTED', 'PENDING')
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
