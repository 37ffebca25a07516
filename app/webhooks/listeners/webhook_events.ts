import logger from '@adonisjs/core/services/logger'
import type { DocumentStatusChanged } from '#documents/events'
import type { CertificateExpiring } from '#certificates/events'
import type { UsageLimitReached } from '#billing/events'
import type { WebhookEvent } from '#webhooks/events'
import { recordWebhookEvent } from '#webhooks/actions/record_webhook_event'

/**
 * The internal events companies can receive as webhooks (wired in
 * start/events.ts). Each handler only records deliveries and queues them;
 * a failure here is logged and never reaches the code that emitted (the
 * change it announces has committed already).
 */
export default class WebhookEvents {
  async documentAuthorized(event: DocumentStatusChanged) {
    await this.#record(event.tenantId, 'document.authorized', documentData(event))
  }

  async documentRejected(event: DocumentStatusChanged) {
    await this.#record(event.tenantId, 'document.rejected', documentData(event))
  }

  async documentVoided(event: DocumentStatusChanged) {
    await this.#record(event.tenantId, 'document.voided', documentData(event))
  }

  async certificateExpiring(event: CertificateExpiring) {
    const { tenantId, ...data } = event
    await this.#record(tenantId, 'certificate.expiring', data)
  }

  async usageLimitReached(event: UsageLimitReached) {
    const { tenantId, ...data } = event
    await this.#record(tenantId, 'usage.limit_reached', data)
  }

  async #record(tenantId: number, type: WebhookEvent, data: Record<string, unknown>) {
    try {
      await recordWebhookEvent(tenantId, type, data)
    } catch (error) {
      logger.error({ err: (error as Error).message, tenantId, type }, 'webhook event not recorded')
    }
  }
}

/** What a document event tells a receiver: the document's id in the API, and its new status. */
function documentData(event: DocumentStatusChanged) {
  return {
    documentId: event.documentId,
    type: event.type,
    number: event.number,
    status: event.to,
    previousStatus: event.from,
  }
}
