import { createHmac } from 'node:crypto'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import emitter from '@adonisjs/core/services/emitter'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import AuditLog from '#accounts/models/audit_log'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookAttempt from '#webhooks/models/webhook_attempt'
import WebhookDisabledMail from '#webhooks/mails/webhook_disabled_mail'
import { deliverWebhook } from '#webhooks/actions/deliver_webhook'
import { verifySignature } from '#webhooks/signing'
import { retryOffsets } from '#webhooks/retry_schedule'
import { createCompany } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'
import {
  createEndpoint,
  runWebhookJobs,
  receiverForGroup,
  startReceiver,
  takeWebhookJobs,
  useWebhookPolicy,
} from '#tests/helpers/webhooks'

/** The receiver's own check, written from the docs (not Facturo's helper). */
function signaturesOf(header: string) {
  const parts = header.split(',').map((part) => part.split('='))
  return {
    timestamp: parts.find(([key]) => key === 't')![1],
    v1: parts.filter(([key]) => key === 'v1').map(([, value]) => value),
  }
}
function hmac(secret: string, timestamp: string, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

function authorized(tenantId: number, documentId = 41) {
  return {
    documentId,
    tenantId,
    type: 'invoice' as const,
    number: '001-001-000000041',
    from: 'SUBMITTED' as const,
    to: 'AUTHORIZED' as const,
  }
}

function deliveriesOf(tenant: { id: number }) {
  return withoutTenantScope(INSPECT, () =>
    WebhookDelivery.query().where('tenant_id', tenant.id).orderBy('id')
  )
}

test.group('Webhooks: delivery', (group) => {
  const receiver = receiverForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('an authorized document reaches the receiver through the queue, signed over timestamp.body', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const other = await createCompany('OWNER')
    const { endpoint, secret } = await createEndpoint(tenant, receiver.url, [
      'document.authorized',
      'document.rejected',
    ])
    // Subscribed to other events only: gets nothing.
    await createEndpoint(tenant, `${receiver.url}/voids`, ['document.voided'])
    // Another company's endpoint hears nothing of this company.
    await createEndpoint(other.tenant, `${receiver.url}/other`, ['document.authorized'])

    await emitter.emit('document:authorized', authorized(tenant.id))
    // Nothing was POSTed by the emitter: the delivery waits in the queue.
    assert.lengthOf(receiver.received, 0)
    const jobs = await runWebhookJobs()
    assert.lengthOf(jobs, 1)
    assert.equal(jobs[0].data.tenantId, tenant.id)

    assert.lengthOf(receiver.received, 1)
    const [request] = receiver.received
    const body = JSON.parse(request.body)
    assert.equal(body.type, 'document.authorized')
    assert.deepEqual(body.data, {
      documentId: 41,
      type: 'invoice',
      number: '001-001-000000041',
      status: 'AUTHORIZED',
      previousStatus: 'SUBMITTED',
    })
    assert.equal(request.headers['facturo-event'], 'document.authorized')
    assert.equal(request.headers['facturo-event-id'], body.id)

    const { timestamp, v1 } = signaturesOf(String(request.headers['facturo-signature']))
    assert.lengthOf(v1, 1)
    assert.equal(v1[0], hmac(secret, timestamp, request.body))
    assert.isTrue(
      verifySignature(String(request.headers['facturo-signature']), request.body, secret)
    )
    assert.isFalse(
      verifySignature(String(request.headers['facturo-signature']), request.body + ' ', secret)
    )
    assert.isFalse(
      verifySignature(String(request.headers['facturo-signature']), request.body, 'whsec_wrong')
    )

    const [delivery] = await deliveriesOf(tenant)
    assert.equal(delivery.endpointId, endpoint.id)
    assert.equal(delivery.status, 'succeeded')
    assert.equal(delivery.attempts, 1)
    assert.equal(delivery.lastStatusCode, 200)
    const log = await tenantContext.run(tenant, () =>
      WebhookAttempt.query().where('delivery_id', delivery.id)
    )
    assert.lengthOf(log, 1)
    assert.deepInclude(log[0].serialize(), { attempt: 1, statusCode: 200, responseExcerpt: 'ok' })
    assert.isAtLeast(log[0].durationMs, 0)
    assert.lengthOf(await deliveriesOf(other.tenant), 0)
  })

  test('a failed attempt is retried on the exponential schedule, for 24 hours, then given up', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    await createEndpoint(tenant, receiver.url)
    receiver.answer(500, 503)

    await emitter.emit('document:authorized', authorized(tenant.id))
    await runWebhookJobs()
    let [delivery] = await deliveriesOf(tenant)
    assert.equal(delivery.status, 'pending')
    assert.equal(delivery.lastStatusCode, 500)
    // The second attempt is queued one minute later, as its own job.
    let jobs = await takeWebhookJobs()
    assert.lengthOf(jobs, 1)
    assert.equal(jobs[0].delay, 60_000)
    assert.equal(jobs[0].id, `webhook-${delivery.id}-2`)
    assert.equal(jobs[0].data.attempt, 2)

    await tenantContext.run(tenant, () => deliverWebhook(delivery.id, 2))
    jobs = await takeWebhookJobs()
    assert.equal(jobs[0].delay, 120_000, 'then two minutes')

    // The same attempt run twice (a duplicate job) does nothing the second time.
    assert.equal(await tenantContext.run(tenant, () => deliverWebhook(delivery.id, 2)), 'skipped')
    assert.lengthOf(receiver.received, 2)

    // Later attempts double up to the cap, all within 24 h of the first.
    const offsets = retryOffsets()
    assert.lengthOf(offsets, 12)
    assert.isAtMost(offsets.at(-1)!, 24 * 3600_000)
    receiver.answer(...Array(12).fill(500))
    for (let attempt = 3; attempt <= 11; attempt++) {
      assert.equal(
        await tenantContext.run(tenant, () => deliverWebhook(delivery.id, attempt)),
        'retrying'
      )
      const [next] = await takeWebhookJobs()
      assert.equal(next.delay, offsets[attempt] - offsets[attempt - 1], `after attempt ${attempt}`)
    }
    // The 12th failure gives up: nothing more is queued.
    assert.equal(await tenantContext.run(tenant, () => deliverWebhook(delivery.id, 12)), 'failed')
    assert.lengthOf(await takeWebhookJobs(), 0)
    ;[delivery] = await deliveriesOf(tenant)
    assert.equal(delivery.status, 'failed')
    assert.equal(delivery.attempts, 12)
    assert.isNull(delivery.nextAttemptAt)
    const log = await tenantContext.run(tenant, () =>
      WebhookAttempt.query().where('delivery_id', delivery.id).orderBy('attempt')
    )
    assert.deepEqual(
      log.map((item) => item.attempt),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    )
    assert.equal(log[0].responseExcerpt, 'receiver says 500')
    assert.equal(log[1].statusCode, 503)
  })

  test('a retry that succeeds ends the delivery and resets the endpoint failure count', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    receiver.answer(502)
    await emitter.emit('document:authorized', authorized(tenant.id))
    await runWebhookJobs()
    let stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
    assert.equal(stored.consecutiveFailures, 1)

    await runWebhookJobs()
    const [delivery] = await deliveriesOf(tenant)
    assert.equal(delivery.status, 'succeeded')
    assert.equal(delivery.attempts, 2)
    stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
    assert.equal(stored.consecutiveFailures, 0)
    // Both attempts carried the same event id.
    const ids = receiver.received.map((request) => request.headers['facturo-event-id'])
    assert.equal(ids[0], ids[1])
  })

  test('an unreachable receiver is a failed attempt with its error, not a crash', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const closed = await startReceiver()
    await closed.close()
    await createEndpoint(tenant, closed.url)
    await emitter.emit('document:authorized', authorized(tenant.id))
    await runWebhookJobs()
    const [delivery] = await deliveriesOf(tenant)
    assert.equal(delivery.status, 'pending')
    assert.isNull(delivery.lastStatusCode)
    assert.match(delivery.lastError!, /ECONNREFUSED/)
  })

  test('rotation: both secrets sign for 24 hours, then only the new one', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { endpoint, secret: oldSecret } = await createEndpoint(tenant, receiver.url)

    const rotated = await client
      .post(`/app/settings/webhooks/${endpoint.id}/rotate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    rotated.assertStatus(302)
    const fresh = rotated.flashMessages().newWebhookSecret as { endpointId: number; value: string }
    assert.equal(fresh.endpointId, endpoint.id)
    assert.match(fresh.value, /^whsec_/)
    assert.notEqual(fresh.value, oldSecret)

    await emitter.emit('document:authorized', authorized(tenant.id))
    await runWebhookJobs()
    const header = String(receiver.received[0].headers['facturo-signature'])
    const { timestamp, v1 } = signaturesOf(header)
    assert.deepEqual(v1, [
      hmac(fresh.value, timestamp, receiver.received[0].body),
      hmac(oldSecret, timestamp, receiver.received[0].body),
    ])
    assert.isTrue(verifySignature(header, receiver.received[0].body, oldSecret))
    assert.isTrue(verifySignature(header, receiver.received[0].body, fresh.value))

    // 25 hours later the old secret no longer signs.
    await emitter.emit('document:authorized', authorized(tenant.id, 42))
    const [job] = await takeWebhookJobs()
    const later = DateTime.now().plus({ hours: 25 })
    await tenantContext.run(tenant, () => deliverWebhook(job.data.deliveryId, 1, later))
    const second = receiver.received[1]
    const afterOverlap = signaturesOf(String(second.headers['facturo-signature']))
    assert.deepEqual(afterOverlap.v1, [hmac(fresh.value, afterOverlap.timestamp, second.body)])

    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'webhook_endpoint.secret_rotated')
    assert.lengthOf(audit, 1)
    assert.notInclude(JSON.stringify(audit[0].serialize()), fresh.value)
  })

  test('manual replay sends the same event again as a new delivery with its own log', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, receiver.url)
    receiver.answer(500, 500)
    await emitter.emit('document:authorized', authorized(tenant.id))
    await runWebhookJobs()
    const [original] = await deliveriesOf(tenant)
    // Give up on it (the 12th attempt), as after 24 h.
    await tenantContext.run(tenant, () => deliverWebhook(original.id, 12))
    await takeWebhookJobs()
    receiver.received.splice(0)

    const replayed = await client
      .post(`/app/settings/webhooks/${endpoint.id}/deliveries/${original.id}/replay`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    replayed.assertStatus(302)
    assert.lengthOf(receiver.received, 0, 'queued, not sent from the request')
    await runWebhookJobs()
    assert.lengthOf(receiver.received, 1)
    const deliveries = await deliveriesOf(tenant)
    assert.lengthOf(deliveries, 2)
    const replay = deliveries[1]
    assert.equal(replay.replayOf, original.id)
    assert.equal(replay.eventId, original.eventId)
    assert.equal(replay.status, 'succeeded')
    assert.equal(JSON.parse(receiver.received[0].body).id, original.eventId)
    const originalNow = await tenantContext.run(tenant, () =>
      WebhookDelivery.findOrFail(original.id)
    )
    assert.equal(originalNow.status, 'failed', 'the original stays as it was')

    // The page shows both, with their attempts.
    const page = await client
      .get(`/app/settings/webhooks/${endpoint.id}`)
      .loginAs(user)
      .withInertia()
    page.assertInertiaComponent('webhooks/show')
    const listed = (page.inertiaProps as any).deliveries
    assert.deepEqual(
      listed.map((item: any) => [item.id, item.status, item.tries.length]),
      [
        [replay.id, 'succeeded', 1],
        [original.id, 'failed', 2],
      ]
    )
    assert.equal(listed[1].tries[0].responseExcerpt, 'receiver says 500')
  })

  test('N failures in a row disable the endpoint, stop its deliveries and e-mail the owners', async ({
    client,
    assert,
  }) => {
    const restore = useWebhookPolicy({ disableAfterFailures: 3 })
    try {
      const { mails } = mail.fake()
      const { tenant, user } = await createCompany('OWNER')
      const { endpoint } = await createEndpoint(tenant, receiver.url)
      receiver.answer(500, 500, 500, 500)
      for (const id of [1, 2]) await emitter.emit('document:authorized', authorized(tenant.id, id))
      await runWebhookJobs()
      let stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
      assert.isTrue(stored.isEnabled)
      assert.equal(stored.consecutiveFailures, 2)

      await emitter.emit('document:authorized', authorized(tenant.id, 3))
      await runWebhookJobs()
      stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
      assert.isFalse(stored.isEnabled)
      assert.equal(stored.disabledReason, 'consecutive_failures')
      assert.isNotNull(stored.disabledAt)
      // Every pending delivery stopped; the retries already queued find nothing to do.
      const deliveries = await deliveriesOf(tenant)
      assert.deepEqual(
        deliveries.map((item) => item.status),
        ['failed', 'failed', 'failed']
      )
      await runWebhookJobs()
      assert.lengthOf(receiver.received, 3)
      // A disabled endpoint gets no new deliveries.
      await emitter.emit('document:authorized', authorized(tenant.id, 4))
      assert.lengthOf(await deliveriesOf(tenant), 3)

      const sent = mails.sent().filter((item) => item instanceof WebhookDisabledMail)
      assert.lengthOf(sent, 1)
      assert.isTrue(sent[0].message.hasTo(user.email))
      assert.include(sent[0].message.toJSON().message.subject!, '3')

      // Replay is refused while it is off, with the reason.
      const refused = await client
        .post(`/app/settings/webhooks/${endpoint.id}/deliveries/${deliveries[0].id}/replay`)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      refused.assertStatus(302)
      assert.match(String(refused.flashMessages().error), /desactivado/)
      assert.lengthOf(await takeWebhookJobs(), 0)

      // Enabling it again clears the count; the page can replay then.
      await client
        .put(`/app/settings/webhooks/${endpoint.id}`)
        .loginAs(user)
        .withCsrfToken()
        .json({ enabled: true })
        .redirects(0)
      stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
      assert.isTrue(stored.isEnabled)
      assert.equal(stored.consecutiveFailures, 0)
      const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', tenant.id)
        .where('action', 'webhook_endpoint.disabled')
      assert.lengthOf(audit, 1)
    } finally {
      restore()
    }
  })
})
