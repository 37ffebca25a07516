import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookAttempt from '#webhooks/models/webhook_attempt'
import { signatureHeader } from '#webhooks/signing'
import { signingSecrets } from '#webhooks/secrets'
import { postWebhook } from '#webhooks/http_delivery'
import { nextRetryDelay } from '#webhooks/retry_schedule'
import { webhookPolicy } from '#webhooks/policy'
import { queueDelivery } from '#webhooks/jobs/deliver_webhook_job'
import { disableFailingEndpoint } from '#webhooks/actions/disable_failing_endpoint'

export type AttemptResult = 'succeeded' | 'retrying' | 'failed' | 'skipped'

/**
 * Makes attempt `attempt` of a delivery (in the current company's
 * context): signs the body with every secret in force, POSTs it, and
 * records the attempt, the delivery's state and the endpoint's run of
 * failures in one transaction. A failure queues the next attempt
 * (retry_schedule.ts) or gives up after 24 h; the endpoint's
 * `disableAfterFailures`-th failure in a row disables it.
 */
export async function deliverWebhook(
  deliveryId: number,
  attempt: number,
  now = DateTime.now()
): Promise<AttemptResult> {
  const delivery = await WebhookDelivery.find(deliveryId)
  // A job for an attempt already made (a duplicate, or a replayed crash) does nothing.
  if (!delivery || delivery.status !== 'pending' || delivery.attempts >= attempt) return 'skipped'
  const endpoint = await WebhookEndpoint.findOrFail(delivery.endpointId)
  if (!endpoint.isEnabled) {
    delivery.merge({ status: 'failed', nextAttemptAt: null, lastError: 'endpoint_disabled' })
    await delivery.save()
    return 'failed'
  }

  const policy = await webhookPolicy()
  const body = JSON.stringify(delivery.payload)
  const timestamp = Math.floor(now.toSeconds())
  const outcome = await postWebhook(
    new URL(endpoint.url),
    body,
    {
      'facturo-signature': signatureHeader(await signingSecrets(endpoint, now), timestamp, body),
      'facturo-event': delivery.event,
      'facturo-event-id': delivery.eventId,
      'facturo-delivery': String(delivery.id),
    },
    { allowPrivate: policy.allowPrivateTargets, timeoutMs: policy.timeoutMs }
  )
  const succeeded =
    outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300
  const retryIn = succeeded ? null : nextRetryDelay(attempt)
  const error =
    outcome.error ?? (succeeded ? null : `HTTP ${outcome.statusCode ?? '—'}`.slice(0, 500))

  const disabled = await db.transaction(async (trx) => {
    const line = new WebhookAttempt()
    line.useTransaction(trx)
    line.fill({
      deliveryId: delivery.id,
      attempt,
      statusCode: outcome.statusCode,
      responseExcerpt: outcome.excerpt,
      error: outcome.error?.slice(0, 500) ?? null,
      durationMs: outcome.durationMs,
      succeeded,
    })
    await line.save()

    delivery.useTransaction(trx)
    delivery.merge({
      attempts: attempt,
      status: succeeded ? 'succeeded' : retryIn === null ? 'failed' : 'pending',
      nextAttemptAt: retryIn === null ? null : now.plus({ milliseconds: retryIn }),
      lastStatusCode: outcome.statusCode,
      lastError: error,
    })
    await delivery.save()

    // One statement, so simultaneous attempts on one endpoint count every failure.
    const counted = await trx.rawQuery(
      `update webhook_endpoints
          set consecutive_failures = case when ? then 0 else consecutive_failures + 1 end
        where tenant_id = ? and id = ?
        returning consecutive_failures, is_enabled`,
      [succeeded, endpoint.tenantId, endpoint.id]
    )
    const row = counted.rows[0] as { consecutive_failures: number; is_enabled: boolean } | undefined
    return (
      !succeeded &&
      row !== undefined &&
      row.is_enabled &&
      row.consecutive_failures >= policy.disableAfterFailures
    )
  })

  if (disabled) {
    // Its pending deliveries, this one included, stop here (replayable by hand).
    await disableFailingEndpoint(endpoint.id, policy.disableAfterFailures)
    return 'failed'
  }
  if (retryIn !== null) {
    try {
      await queueDelivery(endpoint.tenantId, delivery.id, attempt + 1, retryIn)
    } catch (queueError) {
      logger.error(
        { err: (queueError as Error).message, deliveryId: delivery.id },
        'webhook retry not queued'
      )
    }
  }
  return succeeded ? 'succeeded' : retryIn === null ? 'failed' : 'retrying'
}
