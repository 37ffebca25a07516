import WebhookAttempt from '#webhooks/models/webhook_attempt'
import type WebhookDelivery from '#webhooks/models/webhook_delivery'
import { deliveryDto, type WebhookDeliveryDto } from '#webhooks/dtos/webhook_dtos'

/**
 * Lines of the delivery log with their attempts, in the order given: one
 * query for the attempts of all of them (the settings page and the REST
 * API show the same log).
 */
export async function deliveryLog(deliveries: WebhookDelivery[]): Promise<WebhookDeliveryDto[]> {
  if (deliveries.length === 0) return []
  const attempts = await WebhookAttempt.query()
    .whereIn(
      'delivery_id',
      deliveries.map((delivery) => delivery.id)
    )
    .orderBy('attempt')
  return deliveries.map((delivery) =>
    deliveryDto(
      delivery,
      attempts.filter((item) => item.deliveryId === delivery.id)
    )
  )
}
