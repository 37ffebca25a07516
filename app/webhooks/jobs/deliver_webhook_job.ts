import { TenantJob, dispatchForTenant, type TenantJobPayload } from '#tenancy/tenant_job'
import { deliverWebhook } from '#webhooks/actions/deliver_webhook'

/** The queue webhooks travel on, apart from the authority work. */
export const WEBHOOK_QUEUE = 'webhooks'

export interface DeliverWebhookPayload extends TenantJobPayload {
  deliveryId: number
  /** Which attempt this job is (1-based); a job for an attempt already made does nothing. */
  attempt: number
}

/**
 * One attempt of one delivery. Retries are not BullMQ's: the attempt
 * records its outcome and, when it failed, queues the next attempt itself
 * at the time retry_schedule.ts says, so the schedule (24 h) and the log
 * live in the database.
 */
export default class DeliverWebhookJob extends TenantJob<DeliverWebhookPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: DeliverWebhookPayload) {
    await deliverWebhook(payload.deliveryId, payload.attempt)
  }

  async rescue(payload: DeliverWebhookPayload, error: Error) {
    this.logger?.error(
      { err: error.message, deliveryId: payload.deliveryId, attempt: payload.attempt },
      'webhook delivery job gave up'
    )
  }
}

/** The job id of one attempt of one delivery: BullMQ keeps one job per id. */
export function deliveryJobId(deliveryId: number, attempt: number) {
  return `webhook-${deliveryId}-${attempt}`
}

/** Queues attempt `attempt` of a delivery, after `delayMs`; one job per attempt (its id). */
export function queueDelivery(tenantId: number, deliveryId: number, attempt: number, delayMs = 0) {
  return dispatchForTenant(
    DeliverWebhookJob,
    { deliveryId, attempt },
    {
      tenant: tenantId,
      queueName: WEBHOOK_QUEUE,
      jobId: deliveryJobId(deliveryId, attempt),
      delay: delayMs,
      // Only for a job that crashes (database down); a refused POST is not a crash.
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: true,
    }
  )
}
