import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import { tenantContext } from '#tenancy/tenant_context'
import Membership from '#accounts/models/membership'
import { audit } from '#accounts/audit/audit_service'
import { appUrl } from '#accounts/links'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDisabledMail from '#webhooks/mails/webhook_disabled_mail'

/**
 * Disables an endpoint that failed `failures` times in a row, stops its
 * pending deliveries (they stay in the log, replayable) and tells the
 * company's owners by e-mail. Only the caller whose update switched it
 * off sends the e-mail, so two failing attempts at once send one.
 */
export async function disableFailingEndpoint(endpointId: number, failures: number) {
  const tenant = tenantContext.currentOrFail()
  const switched = await db.transaction(async (trx) => {
    const changed = await trx
      .from('webhook_endpoints')
      .where('tenant_id', tenant.id)
      .where('id', endpointId)
      .where('is_enabled', true)
      .update({
        is_enabled: false,
        disabled_at: DateTime.now().toJSDate(),
        disabled_reason: 'consecutive_failures',
        updated_at: DateTime.now().toJSDate(),
      })
    if (Number(Array.isArray(changed) ? changed[0] : changed) === 0) return false
    await trx
      .from('webhook_deliveries')
      .where('tenant_id', tenant.id)
      .where('endpoint_id', endpointId)
      .where('status', 'pending')
      .update({ status: 'failed', next_attempt_at: null, last_error: 'endpoint_disabled' })
    await audit.record({ tenantId: tenant.id }, 'webhook_endpoint.disabled', {
      entity: 'webhook_endpoint',
      entityId: String(endpointId),
      after: { reason: 'consecutive_failures', failures },
      client: trx,
    })
    return true
  })
  if (!switched) return false

  const endpoint = await WebhookEndpoint.findOrFail(endpointId)
  const owners = await Membership.query()
    .where('tenant_id', tenant.id)
    .where('is_active', true)
    .where('role', 'OWNER')
    .preload('user')
  for (const owner of owners) {
    try {
      await mail.send(
        new WebhookDisabledMail(
          owner.user.email,
          owner.user.locale,
          appUrl(`/app/settings/webhooks/${endpoint.id}`),
          { company: tenant.tradeName, url: endpoint.url, failures }
        )
      )
    } catch (error) {
      // The endpoint is off either way; the page shows it and why.
      logger.error(
        { err: (error as Error).message, tenantId: tenant.id, endpointId },
        'webhook disabled e-mail not sent'
      )
    }
  }
  return true
}
