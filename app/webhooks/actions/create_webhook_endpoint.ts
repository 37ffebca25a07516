import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#tenancy/models/tenant'
import { audit } from '#accounts/audit/audit_service'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import { createSigningSecret } from '#webhooks/secrets'
import type { WebhookEvent } from '#webhooks/events'

/**
 * Adds an endpoint with a new signing secret (sealed in the vault) and
 * records who did it. Returns the secret in clear: the only time it
 * exists outside the vault, so the caller shows it once.
 */
export default class CreateWebhookEndpoint {
  async handle(
    ctx: HttpContext,
    tenant: Tenant,
    input: { url: string; events: WebhookEvent[]; description?: string }
  ) {
    const { endpoint, secret } = await db.transaction(async (trx) => {
      const signing = await createSigningSecret(tenant.id, trx)
      const created = new WebhookEndpoint()
      created.useTransaction(trx)
      created.fill({
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        secretId: signing.row.id,
        isEnabled: true,
        consecutiveFailures: 0,
        createdBy: ctx.auth.user?.id ?? null,
      })
      await created.save()
      return { endpoint: created, secret: signing.secret }
    })
    await audit.record(ctx, 'webhook_endpoint.created', {
      entity: 'webhook_endpoint',
      entityId: String(endpoint.id),
      after: { url: endpoint.url, events: endpoint.events },
    })
    return { endpoint, secret }
  }
}
