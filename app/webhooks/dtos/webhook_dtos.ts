import type WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import type WebhookDelivery from '#webhooks/models/webhook_delivery'
import type WebhookAttempt from '#webhooks/models/webhook_attempt'

/**
 * An endpoint as the settings pages and the REST API show it: never a
 * secret. Columns a fresh model has not read back from the database are
 * null, as they are once stored (the API's OpenAPI schema requires them).
 */
export interface WebhookEndpointDto {
  id: number
  url: string
  description: string | null
  events: string[]
  enabled: boolean
  consecutiveFailures: number
  disabledAt: string | null
  disabledReason: string | null
  /** Until when the previous secret still signs (after a rotation); null outside an overlap. */
  previousSecretUntil: string | null
  createdAt: string
}

export function endpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  const overlap = endpoint.previousSecretExpiresAt
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description ?? null,
    events: endpoint.events,
    enabled: endpoint.isEnabled,
    consecutiveFailures: endpoint.consecutiveFailures,
    disabledAt: endpoint.disabledAt?.toISO() ?? null,
    disabledReason: endpoint.disabledReason ?? null,
    previousSecretUntil: overlap && overlap.toMillis() > Date.now() ? overlap.toISO() : null,
    createdAt: endpoint.createdAt.toISO()!,
  }
}

export interface WebhookAttemptDto {
  attempt: number
  statusCode: number | null
  responseExcerpt: string | null
  error: string | null
  durationMs: number
  succeeded: boolean
  at: string
}

/** One line of the delivery log, with its attempts. */
export interface WebhookDeliveryDto {
  id: number
  event: string
  eventId: string
  status: string
  attempts: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  replayOf: number | null
  createdAt: string
  tries: WebhookAttemptDto[]
}

export function deliveryDto(
  delivery: WebhookDelivery,
  tries: WebhookAttempt[]
): WebhookDeliveryDto {
  return {
    id: delivery.id,
    event: delivery.event,
    eventId: delivery.eventId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISO() ?? null,
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastError: delivery.lastError ?? null,
    replayOf: delivery.replayOf ?? null,
    createdAt: delivery.createdAt.toISO()!,
    tries: tries.map((item) => ({
      attempt: item.attempt,
      statusCode: item.statusCode,
      responseExcerpt: item.responseExcerpt,
      error: item.error,
      durationMs: item.durationMs,
      succeeded: item.succeeded,
      at: item.createdAt.toISO()!,
    })),
  }
}
