import { dispatchForTenant } from '#tenancy/tenant_job'

/** Queue of quota readings; `node ace queue:listen` serves it (config/queue.ts). */
export const QUOTA_QUEUE = 'default'

/**
 * How long after an authorization the company's quota is read. Every
 * authorization within that window shares the one reading (10,000
 * documents issued in a burst cost a handful of calls to the PAC, not
 * 10,000), and the reading then sees them all.
 */
export const QUOTA_REFRESH_DELAY_MS = 60_000

/** The BullMQ job id of a company's next reading: one waiting reading per company. */
export function quotaRefreshJobId(tenantId: number) {
  return `quota-refresh-${tenantId}`
}

/**
 * Queues a reading of the company's quota after `delayMs`, unless one is
 * already waiting: BullMQ ignores an add whose job id exists. The job is
 * removed once it ran (completed or failed), so the next authorization
 * queues a new one.
 */
export async function queueQuotaRefresh(
  tenantId: number,
  delayMs: number = QUOTA_REFRESH_DELAY_MS
) {
  const { default: RefreshQuotaJob } = await import('#certificates/jobs/refresh_quota_job')
  return dispatchForTenant(
    RefreshQuotaJob,
    {},
    {
      queueName: QUOTA_QUEUE,
      tenant: tenantId,
      jobId: quotaRefreshJobId(tenantId),
      delay: delayMs,
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: true,
    }
  )
}
