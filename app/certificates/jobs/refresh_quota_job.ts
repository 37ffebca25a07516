import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import { refreshQuota } from '#certificates/quota/refresh_quota'

/**
 * Reads one company's quota (HKA folios) and stores it; queued by the
 * daily watch and after documents are authorized (see queue_quota_refresh.ts).
 * `refreshQuota` never throws: a PAC outage is stored as the reading's
 * last error, and the next reading tries again.
 */
export default class RefreshQuotaJob extends TenantJob<TenantJobPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: TenantJobPayload) {
    const tenant = tenantContext.currentOrFail()
    const result = await refreshQuota(tenant)
    this.logger?.info({ tenantId: tenant.id, ...result }, 'quota reading done')
  }

  async rescue(payload: TenantJobPayload, error: Error) {
    this.logger?.error({ tenantId: payload.tenantId, err: error.message }, 'quota reading gave up')
  }
}
