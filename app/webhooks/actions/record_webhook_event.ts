import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import type { WebhookEnvelope, WebhookEvent } from '#webhooks/events'
import { queueDelivery } from '#webhooks/jobs/deliver_webhook_job'

/**
 * Turns one event of a company into deliveries: one row per enabled
 * endpoint subscribed to it (the same event id and envelope for all), then
 * one queued job each. Nothing is POSTed here: this runs in whatever
 * process emitted (a request, a worker), and the POSTs belong to the
 * webhook queue. Returns the deliveries created.
 */
export async function recordWebhookEvent(
  tenantId: number,
  type: WebhookEvent,
  data: Record<string, unknown>,
  at = DateTime.now()
): Promise<WebhookDelivery[]> {
  const active = tenantContext.current()
  const tenant = active?.id === tenantId ? active : await Tenant.findOrFail(tenantId)
  return tenantContext.run(tenant, async () => {
    const endpoints = await WebhookEndpoint.query()
      .where('is_enabled', true)
      .whereRaw('events @> ?::jsonb', [JSON.stringify([type])])
      .orderBy('id')
    if (endpoints.length === 0) return []

    const envelope: WebhookEnvelope = {
      id: randomUUID(),
      type,
      createdAt: at.toUTC().toISO()!,
      data,
    }
    const deliveries = await db.transaction(async (trx) =>
      WebhookDelivery.createMany(
        endpoints.map((endpoint) => ({
          endpointId: endpoint.id,
          eventId: envelope.id,
          event: type,
          payload: envelope,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: at,
        })),
        { client: trx }
      )
    )
    for (const delivery of deliveries) {
      try {
        await queueDelivery(tenant.id, delivery.id, 1)
      } catch (error) {
        logger.error(
          { err: (error as Error).message, deliveryId: delivery.id },
          'webhook delivery not queued'
        )
      }
    }
    return deliveries
  })
}
