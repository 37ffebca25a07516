import { Job } from '@rlanz/bull-queue'
import { watchQuotas } from '#certificates/quota/watch_quotas'

/**
 * The daily quota watch (see watch_quotas.ts). A platform job: it queues
 * one tenant job per company, so its own payload carries no tenant.
 * Scheduled by `scheduleQuotaWatch`.
 */
export default class QuotaWatchJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await watchQuotas()
    this.logger?.info({ ...report }, 'quota watch done')
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'quota watch gave up')
  }
}
