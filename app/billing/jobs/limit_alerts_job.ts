import { TenantJob, dispatchForTenant, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import { evaluateLimitAlerts } from '#billing/actions/evaluate_limit_alerts'

/**
 * Sends the plan-limit alerts a company is due (evaluate_limit_alerts.ts).
 * Queued after an issuing transaction commits a document that reaches
 * 80 % or 100 % of the month's limit, so the e-mails never hold up the
 * issue itself.
 */
export default class LimitAlertsJob extends TenantJob {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: TenantJobPayload) {
    const report = await evaluateLimitAlerts(tenantContext.currentOrFail())
    this.logger?.info({ ...report }, 'plan limit alerts evaluated')
  }

  async rescue(_payload: TenantJobPayload, error: Error) {
    this.logger?.error({ err: error.message }, 'plan limit alerts gave up')
  }
}

/**
 * Queues the alert check for a company. Two checks queued at once are
 * harmless: the alert rows' unique key lets only one of them send.
 */
export function queueLimitAlerts(tenantId: number) {
  return dispatchForTenant(
    LimitAlertsJob,
    {},
    {
      tenant: tenantId,
      attempts: 3,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: true,
    }
  )
}
