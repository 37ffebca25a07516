import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'

/**
 * Deletes an endpoint with its delivery log (cascade). Its jobs still in
 * the queue find no delivery and do nothing. The sealed secrets stay in
 * the vault like every replaced secret (the vault is append-only).
 */
export default class DeleteWebhookEndpoint {
  async handle(ctx: HttpContext, id: number) {
    const endpoint = await WebhookEndpoint.findOrFail(id)
    await endpoint.delete()
    await audit.record(ctx, 'webhook_endpoint.deleted', {
      entity: 'webhook_endpoint',
      entityId: String(id),
      before: { url: endpoint.url, events: endpoint.events },
    })
    return endpoint
  }
}
