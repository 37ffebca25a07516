import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { audit } from '#accounts/audit/audit_service'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import { queueDelivery } from '#webhooks/jobs/deliver_webhook_job'
import { WebhookException } from '#webhooks/errors'

/**
 * Sends a delivery again, by hand: a new delivery of the same event (same
 * event id and envelope, so the receiver can tell a repeat) with its own
 * attempts and retries, queued now. The original stays in the log as it
 * was. A disabled endpoint is activated first, on purpose, by the user.
 */
export default class ReplayWebhookDelivery {
  async handle(ctx: HttpContext, endpointId: number, deliveryId: number) {
    const endpoint = await WebhookEndpoint.findOrFail(endpointId)
    const original = await WebhookDelivery.query()
      .where('endpoint_id', endpoint.id)
      .where('id', deliveryId)
      .firstOrFail()
    if (!endpoint.isEnabled) throw new WebhookException('replay_disabled', 409)

    const replay = await db.transaction(async (trx) => {
      const created = await WebhookDelivery.create(
        {
          endpointId: endpoint.id,
          eventId: original.eventId,
          event: original.event,
          payload: original.payload,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: DateTime.now(),
          replayOf: original.id,
        },
        { client: trx }
      )
      await audit.record(ctx, 'webhook_delivery.replayed', {
        entity: 'webhook_delivery',
        entityId: String(original.id),
        after: { replay: created.id, event: original.event, eventId: original.eventId },
        client: trx,
      })
      return created
    })
    await queueDelivery(endpoint.tenantId, replay.id, 1)
    return replay
  }
}
