import { BaseSchema } from '@adonisjs/lucid/schema'
import {
  dropTenantRowSecurity,
  tenantReference,
  tenantRowSecurity,
  tenantTable,
} from '#tenancy/schema'

/**
 * Outgoing webhooks (app/webhooks): a company's endpoints, one delivery per
 * event and endpoint, and every attempt of a delivery (the log the settings
 * page shows). The signing secrets are vault secrets (sealed, per company);
 * an endpoint points at its current one and, during a rotation's overlap,
 * at the previous one until `previous_secret_expires_at`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('webhook_endpoints', (table) => {
      table.increments('id', { primaryKey: false })
      tenantTable(table, { primaryKey: true })
      table.string('url', 2000).notNullable()
      table.string('description', 200).nullable()
      table.jsonb('events').notNullable()
      tenantReference(table, 'secret_id', 'vault_secrets')
      tenantReference(table, 'previous_secret_id', 'vault_secrets', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.timestamp('previous_secret_expires_at', { useTz: true }).nullable()
      table.boolean('is_enabled').notNullable().defaultTo(true)
      table.integer('consecutive_failures').notNullable().defaultTo(0)
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.string('disabled_reason', 40).nullable()
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('webhook_deliveries', (table) => {
      table.increments('id', { primaryKey: false })
      tenantTable(table, { primaryKey: true })
      tenantReference(table, 'endpoint_id', 'webhook_endpoints', { onDelete: 'CASCADE' })
      // The event's own id: a replay keeps it, so a receiver can tell a repeat.
      table.uuid('event_id').notNullable()
      table.string('event', 40).notNullable()
      table.jsonb('payload').notNullable()
      // pending → succeeded | failed (gave up after 24 h, or endpoint disabled)
      table.string('status', 20).notNullable().defaultTo('pending')
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('next_attempt_at', { useTz: true }).nullable()
      table.integer('last_status_code').nullable()
      table.string('last_error', 500).nullable()
      tenantReference(table, 'replay_of', 'webhook_deliveries', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'endpoint_id', 'created_at'])
    })

    this.schema.createTable('webhook_attempts', (table) => {
      table.increments('id', { primaryKey: false })
      tenantTable(table, { primaryKey: true })
      tenantReference(table, 'delivery_id', 'webhook_deliveries', { onDelete: 'CASCADE' })
      table.integer('attempt').notNullable()
      table.integer('status_code').nullable()
      table.string('response_excerpt', 1000).nullable()
      table.string('error', 500).nullable()
      table.integer('duration_ms').notNullable()
      table.boolean('succeeded').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'delivery_id', 'attempt'])
    })

    for (const name of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']) {
      for (const statement of tenantRowSecurity(name)) this.schema.raw(statement)
    }
  }

  async down() {
    for (const name of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) {
      for (const statement of dropTenantRowSecurity(name)) this.schema.raw(statement)
      this.schema.dropTable(name)
    }
  }
}
