/*
 * The billing module's provider: binds the Stripe service (the SDK client
 * and the webhook check, from config/billing.ts) and, when a queue worker
 * starts, registers the periodic billing watch (grace periods, trials,
 * missed limit alerts). Registering is idempotent (a keyed BullMQ job
 * scheduler), so every worker start may do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'
import { StripeService } from '#billing/stripe/stripe_service'

export default class BillingProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(StripeService, async () => {
      const { default: billingConfig } = await import('#config/billing')
      return new StripeService(billingConfig.stripe)
    })
  }

  async ready() {
    await whenQueueWorkerStarts(this.app, 'billing watch', async () => {
      const { scheduleBillingWatch } = await import('#billing/jobs/schedule_billing_watch')
      await scheduleBillingWatch()
    })
  }
}
