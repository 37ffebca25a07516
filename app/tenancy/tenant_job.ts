import { Job } from '@rlanz/bull-queue'
import queue from '@rlanz/bull-queue/services/main'
import type { JobsOptions } from 'bullmq'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { MissingTenantContextException, TenantNotFoundException } from '#tenancy/errors'

/** Every tenant job payload names its company. */
export interface TenantJobPayload {
  tenantId: number
}

type HandleFn = (payload: TenantJobPayload, ...rest: unknown[]) => Promise<void>

async function tenantOf(payload: unknown): Promise<Tenant> {
  const tenantId = (payload as Partial<TenantJobPayload> | null)?.tenantId
  if (!Number.isInteger(tenantId) || (tenantId as number) <= 0) {
    throw new MissingTenantContextException('Tenant job payload without a valid tenantId')
  }
  const tenant = await Tenant.find(tenantId)
  if (!tenant)
    throw new TenantNotFoundException(`Tenant ${tenantId} of a queued job no longer exists`)
  return tenant
}

/**
 * Base class of jobs that act for one company. The payload must carry
 * `tenantId`; `handle` (and `rescue`) run inside that company's tenant
 * context, so tenant models are scoped exactly as in the HTTP request that
 * queued the job. Queue it with `dispatchForTenant`.
 *
 * The worker of @rlanz/bull-queue calls `instance.handle(payload)` directly,
 * so the constructor wraps the subclass's own `handle`/`rescue`: subclasses
 * write ordinary methods and cannot forget to enter the context.
 */
export abstract class TenantJob<Payload extends TenantJobPayload = TenantJobPayload> extends Job {
  constructor() {
    super()
    const self = this as unknown as Record<'handle' | 'rescue', HandleFn>
    for (const method of ['handle', 'rescue'] as const) {
      const original = self[method].bind(this)
      self[method] = async (payload, ...rest) => {
        const tenant = await tenantOf(payload)
        return tenantContext.run(tenant, () => original(payload, ...rest))
      }
    }
  }

  abstract handle(payload: Payload): Promise<void>
  abstract rescue(payload: Payload, error: Error): Promise<void>
}

type TenantJobClass<Payload extends TenantJobPayload> = {
  $$filepath: string
  new (...args: any[]): TenantJob<Payload>
}

/**
 * Queues a tenant job for the current company (or `options.tenant`),
 * stamping `tenantId` into the payload. Outside a tenant context without an
 * explicit tenant it throws: a tenant job never leaves without its company.
 */
export function dispatchForTenant<Payload extends TenantJobPayload>(
  job: TenantJobClass<Payload>,
  payload: Omit<Payload, 'tenantId'>,
  options: JobsOptions & { queueName?: string; tenant?: Tenant | number } = {}
) {
  const { tenant, ...jobOptions } = options
  const tenantId =
    tenant === undefined
      ? tenantContext.currentOrFail().id
      : typeof tenant === 'number'
        ? tenant
        : tenant.id
  return queue.dispatch(job, { ...payload, tenantId } as any, jobOptions)
}
