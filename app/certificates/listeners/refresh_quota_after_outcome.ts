import logger from '@adonisjs/core/services/logger'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { hasQuota } from '#certificates/quota/refresh_quota'
import { queueQuotaRefresh } from '#certificates/quota/queue_quota_refresh'

/** What this listener reads of the lifecycle's event (the module cannot import the lifecycle). */
interface AuthorizedDocument {
  tenantId: number
}

/**
 * document:authorized (and document:rejected, which may be the quota
 * running out) → the company's quota is read again a minute later,
 * once for every authorization in that minute (queue_quota_refresh.ts).
 * Only for countries that count a quota. Never throws into the lifecycle:
 * if the queue is down, tomorrow's daily reading catches up.
 */
export default class RefreshQuotaAfterOutcome {
  async handle(event: AuthorizedDocument) {
    try {
      const active = tenantContext.current()
      const tenant = active?.id === event.tenantId ? active : await Tenant.find(event.tenantId)
      if (!tenant || !hasQuota(tenant.country)) return
      await queueQuotaRefresh(tenant.id)
    } catch (error) {
      logger.warn(
        { tenantId: event.tenantId, err: (error as Error).message },
        'quota reading after authorization not queued'
      )
    }
  }
}
