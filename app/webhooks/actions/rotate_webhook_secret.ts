import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { audit } from '#accounts/audit/audit_service'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import { ROTATION_OVERLAP_HOURS, createSigningSecret } from '#webhooks/secrets'

/**
 * Gives an endpoint a new signing secret. The old one keeps signing for
 * 24 hours beside it (both signatures travel in the header), so the
 * receiver can switch without losing a delivery. A second rotation within
 * the overlap drops the oldest secret: only the last two ever sign.
 */
export default class RotateWebhookSecret {
  async handle(ctx: HttpContext, id: number, now = DateTime.now()) {
    const { endpoint, secret } = await db.transaction(async (trx) => {
      const found = await WebhookEndpoint.query({ client: trx })
        .where('id', id)
        .forUpdate()
        .firstOrFail()
      const signing = await createSigningSecret(found.tenantId, trx)
      found.merge({
        previousSecretId: found.secretId,
        previousSecretExpiresAt: now.plus({ hours: ROTATION_OVERLAP_HOURS }),
        secretId: signing.row.id,
      })
      await found.save()
      return { endpoint: found, secret: signing.secret }
    })
    await audit.record(ctx, 'webhook_endpoint.secret_rotated', {
      entity: 'webhook_endpoint',
      entityId: String(endpoint.id),
      after: { previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISO() ?? null },
    })
    return { endpoint, secret }
  }
}
