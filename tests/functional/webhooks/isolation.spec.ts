import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import WebhookAttempt from '#webhooks/models/webhook_attempt'
import { recordWebhookEvent } from '#webhooks/actions/record_webhook_event'
import { createCompany } from '#tests/helpers/accounts'
import { constraintError, storedRow } from '#tests/helpers/tenancy'
import {
  clearWebhookQueue,
  createEndpoint,
  runWebhookJobs,
  startReceiver,
} from '#tests/helpers/webhooks'

test.group('Webhooks: tenant isolation', (group) => {
  group.each.setup(() => clearWebhookQueue())
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("another company's endpoint and deliveries answer 404 on every route and change nothing", async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const owner = await createCompany('OWNER')
      const intruder = await createCompany('OWNER')
      const { endpoint } = await createEndpoint(owner.tenant, receiver.url)
      const [delivery] = await recordWebhookEvent(owner.tenant.id, 'document.authorized', {
        documentId: 1,
      })
      await runWebhookJobs()

      const attempts: Array<[string, string, object?]> = [
        ['get', `/app/settings/webhooks/${endpoint.id}`],
        ['put', `/app/settings/webhooks/${endpoint.id}`, { enabled: false }],
        ['delete', `/app/settings/webhooks/${endpoint.id}`],
        ['post', `/app/settings/webhooks/${endpoint.id}/rotate`],
        ['post', `/app/settings/webhooks/${endpoint.id}/deliveries/${delivery.id}/replay`],
      ]
      for (const [method, url, body] of attempts) {
        const request = (client as any)[method](url).loginAs(intruder.user).withCsrfToken()
        const response = await (body ? request.json(body) : request).redirects(0)
        assert.equal(response.status(), 404, `${method} ${url}`)
      }
      // The intruder's own endpoint cannot replay the owner's delivery either.
      const { endpoint: own } = await createEndpoint(intruder.tenant, receiver.url)
      const crossed = await client
        .post(`/app/settings/webhooks/${own.id}/deliveries/${delivery.id}/replay`)
        .loginAs(intruder.user)
        .withCsrfToken()
        .redirects(0)
      crossed.assertStatus(404)

      const list = await client.get('/app/settings/webhooks').loginAs(intruder.user).withInertia()
      const ids = (list.inertiaProps as any).endpoints.map((item: { id: number }) => item.id)
      assert.deepEqual(ids, [own.id])

      const stored = await storedRow(WebhookEndpoint, endpoint.id)
      assert.isTrue(stored.isEnabled)
      assert.equal(stored.secretId, endpoint.secretId)
      assert.lengthOf(receiver.received, 1)
    } finally {
      await receiver.close()
    }
  })

  test('rows of A are invisible from B through the models and through raw SQL (row-level security)', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(a.tenant, 'http://127.0.0.1:9/a')
    const [delivery] = await recordWebhookEvent(a.tenant.id, 'document.authorized', {
      documentId: 1,
    })
    await clearWebhookQueue()
    await tenantContext.run(a.tenant, () =>
      WebhookAttempt.create({
        deliveryId: delivery.id,
        attempt: 1,
        statusCode: 500,
        durationMs: 3,
        succeeded: false,
      })
    )

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await WebhookEndpoint.find(endpoint.id))
      assert.isNull(await WebhookDelivery.find(delivery.id))
      assert.lengthOf(await WebhookAttempt.query().where('delivery_id', delivery.id), 0)
      for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']) {
        const rows = await db.from(table).select('id')
        assert.lengthOf(rows, 0, table)
      }
    })
    await tenantContext.run(a.tenant, async () => {
      assert.isNotNull(await WebhookEndpoint.find(endpoint.id))
      assert.lengthOf(await db.from('webhook_attempts').select('id'), 1)
    })
  })

  test("the database refuses a delivery or attempt of B pointing at A's rows", async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(a.tenant, 'http://127.0.0.1:9/a')
    const [delivery] = await recordWebhookEvent(a.tenant.id, 'document.authorized', {
      documentId: 1,
    })
    await clearWebhookQueue()
    const now = new Date()
    assert.equal(
      await constraintError((trx) =>
        trx.table('webhook_deliveries').insert({
          tenant_id: b.tenant.id,
          endpoint_id: endpoint.id,
          event_id: delivery.eventId,
          event: 'document.authorized',
          payload: JSON.stringify({}),
          created_at: now,
          updated_at: now,
        })
      ),
      '23503'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('webhook_attempts').insert({
          tenant_id: b.tenant.id,
          delivery_id: delivery.id,
          attempt: 1,
          duration_ms: 1,
          succeeded: false,
          created_at: now,
        })
      ),
      '23503'
    )
    // Nor may B's endpoint use A's sealed secret.
    const { endpoint: own } = await createEndpoint(b.tenant, 'http://127.0.0.1:9/b')
    assert.equal(
      await constraintError((trx) =>
        trx.from('webhook_endpoints').where('id', own.id).update({ secret_id: endpoint.secretId })
      ),
      '23503'
    )
  })
})
