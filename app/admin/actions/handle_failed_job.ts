import type { HttpContext } from '@adonisjs/core/http'
import queue from '@rlanz/bull-queue/services/main'
import { audit } from '#accounts/audit/audit_service'
import { AdminException } from '#admin/errors'
import { queueNames } from '#admin/metrics/queues'

/**
 * Retries or drops a failed job from the console, with the reason audited
 * (in the company's log too when the job carried one). Only failed jobs of
 * the queues Facturo runs qualify; anything else is a clear error.
 */
export async function handleFailedJob(
  ctx: HttpContext,
  input: { queue: string; jobId: string; reason: string; verb: 'retry' | 'drop' }
) {
  if (!queueNames().includes(input.queue)) throw new AdminException('admin.errors.unknown_job')
  const job = await queue.getOrSet(input.queue).getJob(input.jobId)
  if (!job || !(await job.isFailed())) throw new AdminException('admin.errors.unknown_job')
  const tenantId = typeof job.data?.tenantId === 'number' ? job.data.tenantId : null
  if (input.verb === 'retry') await job.retry('failed')
  else await job.remove()
  await audit.record(ctx, input.verb === 'retry' ? 'admin.job_retried' : 'admin.job_dropped', {
    tenantId,
    entity: 'job',
    entityId: `${input.queue}:${input.jobId}`.slice(0, 64),
    before: { name: job.name, failedReason: String(job.failedReason ?? '').slice(0, 300) },
    after: { reason: input.reason },
  })
}
