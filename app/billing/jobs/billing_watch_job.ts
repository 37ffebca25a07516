import { Job } from '@rlanz/bull-queue'
import { watchBilling } from '#billing/actions/watch_billing'
import { clock } from '#core/clock'

/**
 * The periodic billing watch (see watch_billing.ts). A platform job: it
 * loops over companies and enters each one's tenant context itself, so its
 * payload carries no tenant. Scheduled by `scheduleBillingWatch`.
 */
export default class BillingWatchJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await watchBilling(clock.now())
    this.logger?.info({ ...report }, 'billing watch done')
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'billing watch gave up')
  }
}
