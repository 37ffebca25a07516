import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { audit } from '#accounts/audit/audit_service'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import type { WebhookEvent } from '#webhooks/events'

/**
 * Changes an endpoint's URL, events or note, or switches it off and on.
 * A new URL was checked by the validator like a new endpoint's (and is
 * checked again at every delivery); deliveries still pending go there.
 * Activating it again clears its run of failures, so it gets the full
 * allowance before the next automatic disable.
 */
export default class UpdateWebhookEndpoint {
  async handle(
    ctx: HttpContext,
    id: number,
    input: {
      url?: string
      events?: WebhookEvent[]
      description?: string | null
      enabled?: boolean
    }
  ) {
    const endpoint = await WebhookEndpoint.findOrFail(id)
    const before = { url: endpoint.url, events: endpoint.events, enabled: endpoint.isEnabled }
    if (input.url !== undefined) endpoint.url = input.url
    if (input.events) endpoint.events = input.events
    if (input.description !== undefined) endpoint.description = input.description
    if (input.enabled === true && !endpoint.isEnabled) {
      endpoint.merge({
        isEnabled: true,
        consecutiveFailures: 0,
        disabledAt: null,
        disabledReason: null,
      })
    } else if (input.enabled === false && endpoint.isEnabled) {
      endpoint.merge({ isEnabled: false, disabledAt: DateTime.now(), disabledReason: 'by_user' })
    }
    await endpoint.save()
    await audit.record(ctx, 'webhook_endpoint.updated', {
      entity: 'webhook_endpoint',
      entityId: String(endpoint.id),
      before,
      after: { url: endpoint.url, events: endpoint.events, enabled: endpoint.isEnabled },
    })
    return endpoint
  }
}
