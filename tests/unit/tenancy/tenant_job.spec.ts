import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import testUtils from '@adonisjs/core/services/test_utils'
import queue from '@rlanz/bull-queue/services/main'
import queueConfig from '#config/queue'
import { Worker, type Job as BullJob } from 'bullmq'
import { dispatchForTenant } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import { MissingTenantContextException } from '#tenancy/errors'
import ProbeTenantJob, { probeRuns } from '#tests/helpers/jobs/probe_tenant_job'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'

const QUEUE = 'tenancy-probe'

/**
 * Runs queued jobs the way the bull-queue worker does (import the job module
 * named in Redis, build it through the container, call `handle` with the
 * payload), with a real BullMQ worker on this test run's own Redis prefix.
 */
function startWorker() {
  return new Worker(
    QUEUE,
    async (job: BullJob) => {
      const { default: JobClass } = await import(job.name)
      const instance = await app.container.make(JobClass)
      instance.$injectInternal({ job, logger })
      await app.container.call(instance, 'handle', [job.data])
    },
    { ...queueConfig.worker, connection: queueConfig.defaultConnection }
  )
}

test.group('Tenant jobs', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    probeRuns.length = 0
  })
  group.teardown(async () => {
    // Only this test's queue: the default one belongs to the app.
    const probeQueue = queue.getOrSet(QUEUE)
    await probeQueue.obliterate({ force: true })
    await probeQueue.close()
  })

  test('dispatchForTenant stamps the tenant; the worker runs handle inside it', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const bOperator = await addMember(b.tenant, await createUser(), 'OPERATOR')

    const queuedA = await tenantContext.run(a.tenant, () =>
      dispatchForTenant(ProbeTenantJob, { label: 'from A' }, { queueName: QUEUE })
    )
    const queuedB = await dispatchForTenant(
      ProbeTenantJob,
      { label: 'for B' },
      { queueName: QUEUE, tenant: b.tenant }
    )
    assert.deepEqual(queuedA.data, { label: 'from A', tenantId: a.tenant.id })
    assert.deepEqual(queuedB.data, { label: 'for B', tenantId: b.tenant.id })

    const worker = startWorker()
    try {
      await new Promise<void>((resolve, reject) => {
        let done = 0
        worker.on('completed', () => ++done === 2 && resolve())
        worker.on('failed', (_job, error) => reject(error))
      })
    } finally {
      await worker.close()
    }

    const byLabel = Object.fromEntries(probeRuns.map((run) => [run.label, run]))
    assert.equal(byLabel['from A'].tenantId, a.tenant.id)
    assert.deepEqual(byLabel['from A'].memberIds, [a.membership.id])
    assert.equal(byLabel['for B'].tenantId, b.tenant.id)
    assert.sameMembers(byLabel['for B'].memberIds, [b.membership.id, bOperator.id])
    // The worker process itself stays outside any tenant.
    assert.isNull(tenantContext.current())
  })

  test('a tenant job cannot be queued without a company', async ({ assert }) => {
    assert.throws(
      () => dispatchForTenant(ProbeTenantJob, { label: 'orphan' }, { queueName: QUEUE }),
      'No tenant context is active'
    )
  })

  test('a payload without tenantId, or with an unknown one, is refused before handle', async ({
    assert,
  }) => {
    const job = await app.container.make(ProbeTenantJob)
    await assert.rejects(
      () => job.handle({ label: 'x' } as any),
      MissingTenantContextException as any
    )
    await assert.rejects(
      () => job.handle({ label: 'x', tenantId: 2147483000 }),
      'Tenant 2147483000 of a queued job no longer exists'
    )
    assert.lengthOf(probeRuns, 0)
  })
})
