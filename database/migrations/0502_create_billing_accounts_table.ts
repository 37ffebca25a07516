import { BaseSchema } from '@adonisjs/lucid/schema'
import { tenantReference, tenantTable } from '#tenancy/schema'

/**
 * One row per company: its trial, its Stripe customer and subscription as
 * last read from Stripe, its payment state and the dates that drive the
 * company status (grace period after a failed payment). The plan in effect
 * and the status themselves stay on `tenants` (plan_code, status), which
 * every request already loads.
 */
export default class extends BaseSchema {
  protected tableName = 'billing_accounts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      tenantTable(table)
      table.timestamp('trial_ends_at', { useTz: true }).nullable()
      table.string('stripe_customer_id', 255).nullable()
      table.string('stripe_subscription_id', 255).nullable()
      // Stripe's own subscription status (active, past_due, canceled…).
      table.string('subscription_status', 32).nullable()
      table.timestamp('current_period_end', { useTz: true }).nullable()
      table.boolean('cancel_at_period_end').notNullable().defaultTo(false)
      // none | paid | failed: the outcome of the latest invoice.
      table.string('payment_status', 16).notNullable().defaultTo('none')
      table.string('latest_invoice_id', 255).nullable()
      table.string('latest_invoice_url', 1024).nullable()
      table.integer('latest_invoice_amount').nullable()
      table.string('latest_invoice_currency', 3).nullable()
      table.timestamp('last_payment_at', { useTz: true }).nullable()
      table.timestamp('last_payment_failed_at', { useTz: true }).nullable()
      table.timestamp('past_due_since', { useTz: true }).nullable()
      table.timestamp('grace_ends_at', { useTz: true }).nullable()
      // Why the company is SUSPENDED: trial_ended | payment_overdue | paused (by
      // billing, lifted by a payment) or platform (by the console, lifted there).
      table.string('suspended_reason', 24).nullable()
      // Last time Stripe's subscription was read and applied.
      table.timestamp('synced_at', { useTz: true }).nullable()
      // The organisation's join code, issued on the first payment: the
      // invitation row (hash only) and the code itself sealed in the vault,
      // so the owner can read it again on the billing page.
      tenantReference(table, 'join_code_invitation_id', 'invitations', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      tenantReference(table, 'join_code_secret_id', 'vault_secrets', {
        nullable: true,
        onDelete: 'SET NULL',
      })
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()

      table.unique(['tenant_id'])
      // Platform look-ups from Stripe webhooks, made before the company is
      // known (the event names the customer and the subscription).
      table.index(['stripe_customer_id'])
      table.index(['stripe_subscription_id'])
      // The periodic watch finds grace periods that ran out.
      table.index(['grace_ends_at'])
    })
    this.schema.raw(`
      alter table billing_accounts
        add constraint billing_accounts_payment_status_check
          check (payment_status in ('none', 'paid', 'failed')),
        add constraint billing_accounts_suspended_reason_check
          check (suspended_reason is null
            or suspended_reason in ('trial_ended', 'payment_overdue', 'paused', 'platform'))
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
