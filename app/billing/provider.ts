/*
 * The billing module's provider: binds the Stripe service (the SDK client
 * and the webhook check, from config/billing.ts), the guards through which
 * the plan's limits refuse an issue, a seat or an establishment (the
 * lifecycle, accounts and catalog modules declare them and never import
 * billing), and, when a queue worker
 * starts, registers the periodic billing watch (grace periods, trials,
 * missed limit alerts). Registering is idempotent (a keyed BullMQ job
 * scheduler), so every worker start may do it.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'
import { StripeService } from '#billing/stripe/stripe_service'
import { IssueGuard } from '#documents/issue_guard'
import { NewCompanyHook, SeatGuard } from '#accounts/plan_hooks'
import { EstablishmentGuard } from '#catalog/plan_hooks'
import {
  DocumentLimitGuard,
  PlanEstablishmentGuard,
  PlanSeatGuard,
  StartTrialOnRegistration,
} from '#billing/usage/guards'

export default class BillingProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(StripeService, async () => {
      const [{ default: billingConfig }, { default: Stripe }] = await Promise.all([
        import('#config/billing'),
        import('stripe'),
      ])
      return new StripeService(billingConfig.stripe, Stripe)
    })
    this.app.container.singleton(IssueGuard, () => new DocumentLimitGuard())
    this.app.container.singleton(SeatGuard, () => new PlanSeatGuard())
    this.app.container.singleton(EstablishmentGuard, () => new PlanEstablishmentGuard())
    this.app.container.singleton(NewCompanyHook, () => new StartTrialOnRegistration())
  }

  async ready() {
    await whenQueueWorkerStarts(this.app, 'billing watch', async () => {
      const { scheduleBillingWatch } = await import('#billing/jobs/schedule_billing_watch')
      await scheduleBillingWatch()
    })
  }
}
