import { createHmac } from 'node:crypto'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import queue from '@rlanz/bull-queue/services/main'
import { DateTime } from 'luxon'
import { tenantContext } from '#tenancy/tenant_context'
import type Tenant from '#tenancy/models/tenant'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import { sweepWebhookDeliveries } from '#webhooks/sweep_deliveries'
import { WEBHOOK_QUEUE, queueDelivery } from '#webhooks/jobs/deliver_webhook_job'
import SweepWebhookDeliveriesJob from '#webhooks/jobs/sweep_webhook_deliveries_job'
import {
  WEBHOOK_SWEEP_SCHEDULER,
  scheduleWebhookSweep,
} from '#webhooks/jobs/schedule_webhook_sweep'
import WebhooksSweepCommand from '#commands/webhooks_sweep'
import { createCompany } from '#tests/helpers/accounts'
import {
  createEndpoint,
  runWebhookJobs,
  receiverForGroup,
  takeWebhookJobs,
} from '#tests/helpers/webhooks'

/** The receiver's own check of `Facturo-Signature` (t=…,v1=…), written from the docs. */
function signedWith(secret: string, header: string, body: string) {
  const parts = header.split(',').map((part) => part.split('='))
  const timestamp = parts.find(([key]) => key === 't')![1]
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return parts.some(([key, value]) => key === 'v1' && value === expected)
}

/** What one run of the sweeper queued and found: `[overdue, queued]`. */
async function sweep(options: Parameters<typeof sweepWebhookDeliveries>[0] = {}) {
  const report = await sweepWebhookDeliveries(options)
  return [report.overdue, report.queued]
}

/**
 * A delivery row as a crashed worker or a flushed Redis leaves it:
 * pending, due `minutesAgo` minutes ago, and no job anywhere.
 */
async function strandedDelivery(
  tenant: Tenant,
  endpoint: WebhookEndpoint,
  minutesAgo: number,
  attempts = 0
) {
  return tenantContext.run(tenant, () =>
    WebhookDelivery.create({
      endpointId: endpoint.id,
      eventId: '5b0c8f3e-9d0b-4f41-8a39-1f6f0e0c2a11',
      event: 'document.authorized',
      payload: {
        id: '5b0c8f3e-9d0b-4f41-8a39-1f6f0e0c2a11',
        type: 'document.authorized',
        createdAt: DateTime.now().minus({ minutes: minutesAgo }).toUTC().toISO()!,
        data: { documentId: 7, status: 'AUTHORIZED' },
      },
      status: 'pending',
      attempts,
      nextAttemptAt: DateTime.now().minus({ minutes: minutesAgo }),
    })
  )
}

test.group('Webhooks: sweeper of deliveries left pending', (group) => {
  const receiver = receiverForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an overdue delivery with no job is delivered, signed, exactly once however often the sweep runs', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint, secret } = await createEndpoint(tenant, receiver.url)
    const stranded = await strandedDelivery(tenant, endpoint, 30)
    assert.lengthOf(await takeWebhookJobs(), 0)

    // Two sweeps before any worker runs: one job.
    assert.deepEqual(await sweepWebhookDeliveries(), {
      overdue: 1,
      queued: 1,
      alreadyQueued: 0,
      failed: 0,
    })
    assert.deepEqual(await sweepWebhookDeliveries(), {
      overdue: 1,
      queued: 0,
      alreadyQueued: 1,
      failed: 0,
    })
    const jobs = await runWebhookJobs()
    assert.lengthOf(jobs, 1)
    assert.equal(jobs[0].id, `webhook-${stranded.id}-1`)
    assert.deepInclude(jobs[0].data, { tenantId: tenant.id, deliveryId: stranded.id, attempt: 1 })

    assert.lengthOf(receiver.received, 1)
    const [request] = receiver.received
    assert.isTrue(signedWith(secret, String(request.headers['facturo-signature']), request.body))
    assert.equal(JSON.parse(request.body).id, stranded.eventId)
    const delivered = await tenantContext.run(tenant, () => WebhookDelivery.findOrFail(stranded.id))
    assert.equal(delivered.status, 'succeeded')
    assert.equal(delivered.attempts, 1)

    // Delivered: later sweeps find nothing, and nothing reaches the receiver again.
    assert.deepEqual(await sweep(), [0, 0])
    assert.lengthOf(await runWebhookJobs(), 0)
    assert.lengthOf(receiver.received, 1)
  })

  test('a job queued again for an attempt already made does nothing (the sweep raced the worker)', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    const stranded = await strandedDelivery(tenant, endpoint, 30)
    await sweepWebhookDeliveries()
    const [job] = await takeWebhookJobs()
    // The worker delivers attempt 1 while a second copy of its job is queued.
    await queueDelivery(tenant.id, stranded.id, 1)
    const { deliverWebhook } = await import('#webhooks/actions/deliver_webhook')
    await tenantContext.run(tenant, () => deliverWebhook(job.data.deliveryId, job.data.attempt))
    await runWebhookJobs()
    assert.lengthOf(receiver.received, 1)
  })

  test('a retry left without its job is sent as the next attempt', async ({ assert }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    const stranded = await strandedDelivery(tenant, endpoint, 10, 2)
    await sweepWebhookDeliveries()
    const jobs = await runWebhookJobs()
    assert.deepEqual(
      jobs.map((job) => job.id),
      [`webhook-${stranded.id}-3`]
    )
    const delivered = await tenantContext.run(tenant, () => WebhookDelivery.findOrFail(stranded.id))
    assert.equal(delivered.status, 'succeeded')
    assert.equal(delivered.attempts, 3)
  })

  test('a delivery not yet due, or due within the margin, is left alone; so is a finished one', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    await strandedDelivery(tenant, endpoint, -10)
    await strandedDelivery(tenant, endpoint, 2)
    const finished = await strandedDelivery(tenant, endpoint, 60)
    await tenantContext.run(tenant, async () => {
      finished.merge({ status: 'failed', attempts: 12 })
      await finished.save()
    })
    assert.deepEqual(await sweepWebhookDeliveries(), {
      overdue: 0,
      queued: 0,
      alreadyQueued: 0,
      failed: 0,
    })
    assert.lengthOf(await takeWebhookJobs(), 0)
    // With no margin, the one due two minutes ago is queued; the future one still is not.
    assert.deepEqual(await sweep({ marginMs: 0 }), [1, 1])
    assert.lengthOf(await takeWebhookJobs(), 1)
  })

  test("a disabled endpoint's delivery is not sent", async ({ assert }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    await strandedDelivery(tenant, endpoint, 30)
    await tenantContext.run(tenant, async () => {
      endpoint.merge({ isEnabled: false, disabledAt: DateTime.now(), disabledReason: 'by_user' })
      await endpoint.save()
    })
    assert.deepEqual(await sweep(), [0, 0])
    await runWebhookJobs()
    assert.lengthOf(receiver.received, 0)
  })

  test('one run queues at most its limit, oldest due first; the next run takes the rest', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const other = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    const { endpoint: otherEndpoint } = await createEndpoint(other.tenant, receiver.url)
    const newest = await strandedDelivery(tenant, endpoint, 20)
    const oldest = await strandedDelivery(other.tenant, otherEndpoint, 40)
    const first = await sweepWebhookDeliveries({ limit: 1 })
    assert.equal(first.queued, 1)
    const [job] = await takeWebhookJobs()
    assert.deepInclude(job.data, { deliveryId: oldest.id, tenantId: other.tenant.id })
    // Its job was taken and never run: both are overdue again, the limit still holds.
    assert.deepEqual(await sweep({ limit: 1 }), [1, 1])
    assert.deepEqual(await sweep({ limit: 5 }), [2, 1])
    const queued = await takeWebhookJobs()
    const ids = queued.map((item) => item.data.deliveryId).sort()
    assert.deepEqual(ids, [oldest.id, newest.id].sort())
  })

  test('the job, the command and the every-minute schedule', async ({ assert, cleanup }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    await strandedDelivery(tenant, endpoint, 30)
    await new SweepWebhookDeliveriesJob().handle({})
    assert.lengthOf(await takeWebhookJobs(), 1)

    await strandedDelivery(tenant, endpoint, 30)
    ace.ui.switchMode('raw')
    cleanup(() => ace.ui.switchMode('normal'))
    const command = await ace.create(WebhooksSweepCommand, [])
    await command.exec()
    command.assertSucceeded()
    command.assertLogMatches(/2 overdue delivery\(ies\): 2 queued, 0 already queued, 0 failed/)
    const invalid = await ace.create(WebhooksSweepCommand, ['--margin-seconds=-1'])
    await invalid.exec()
    invalid.assertFailed()

    const bull = queue.getOrSet(WEBHOOK_QUEUE)
    cleanup(async () => {
      await bull.removeJobScheduler(WEBHOOK_SWEEP_SCHEDULER)
    })
    await scheduleWebhookSweep()
    await scheduleWebhookSweep()
    const registered = await bull.getJobSchedulers()
    const schedulers = registered.filter((item) => item.key === WEBHOOK_SWEEP_SCHEDULER)
    assert.lengthOf(schedulers, 1)
    assert.equal(schedulers[0].every, 60_000)
    assert.equal(schedulers[0].name, SweepWebhookDeliveriesJob.$$filepath)
  })
})
