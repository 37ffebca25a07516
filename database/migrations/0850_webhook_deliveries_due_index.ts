import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The webhook sweeper's look-up across companies (app/webhooks/
 * sweep_deliveries.ts): pending deliveries by when they are due. Finished
 * deliveries leave the index, so it holds the few that are waiting.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create index webhook_deliveries_due_index on webhook_deliveries (next_attempt_at)
        where status = 'pending'
    `)
  }

  async down() {
    this.schema.raw('drop index if exists webhook_deliveries_due_index')
  }
}
