import { createHmac } from 'node:crypto'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import AuditLog from '#accounts/models/audit_log'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { recordWebhookEvent } from '#webhooks/actions/record_webhook_event'
import { createApiCompany, tokenFor, type ApiCompany } from '#tests/helpers/api'
import { INSPECT } from '#tests/helpers/tenancy'
import {
  createEndpoint,
  runWebhookJobs,
  receiverForGroup,
  takeWebhookJobs,
  useWebhookPolicy,
} from '#tests/helpers/webhooks'

const SECRET = /^whsec_[A-Za-z0-9_-]{43}$/

/** The receiver's own check of `Facturo-Signature` (t=…,v1=…), written from the docs. */
function signedWith(secret: string, header: string, body: string) {
  const parts = header.split(',').map((part) => part.split('='))
  const timestamp = parts.find(([key]) => key === 't')![1]
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return parts.some(([key, value]) => key === 'v1' && value === expected)
}

function endpointsOf(company: ApiCompany) {
  return withoutTenantScope(INSPECT, () =>
    WebhookEndpoint.query().where('tenant_id', company.tenant.id).orderBy('id')
  )
}

function auditOf(company: ApiCompany, action: string) {
  return AuditLog.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', company.tenant.id)
    .where('action', action)
}

test.group('REST API: webhook endpoints', (group) => {
  const receiver = receiverForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('create answers the signing secret once; an Idempotency-Key replay and every read leave it out', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const token = await tokenFor(company, ['webhooks:write'])
    const created = await client
      .post('/api/v1/webhook-endpoints')
      .bearerToken(token)
      .header('Idempotency-Key', 'erp-hook-1')
      .json({ url: receiver.url, events: ['document.authorized', 'document.voided'] })
    created.assertStatus(201)
    const { data, secret } = created.body()
    assert.match(secret, SECRET)
    assert.deepInclude(data, {
      url: receiver.url,
      events: ['document.authorized', 'document.voided'],
      enabled: true,
      description: null,
      previousSecretUntil: null,
    })
    const secretPart = secret.slice('whsec_'.length)

    // The same key and body: the same endpoint, no second one, and no secret.
    const again = await client
      .post('/api/v1/webhook-endpoints')
      .bearerToken(token)
      .header('Idempotency-Key', 'erp-hook-1')
      .json({ url: receiver.url, events: ['document.authorized', 'document.voided'] })
    again.assertStatus(201)
    again.assertHeader('idempotent-replayed', 'true')
    assert.equal(again.body().data.id, data.id)
    assert.isNull(again.body().secret)
    assert.lengthOf(await endpointsOf(company), 1)
    const stored = await withoutTenantScope(INSPECT, () =>
      db
        .from('api_idempotency_keys')
        .where({ tenant_id: company.tenant.id, key: 'erp-hook-1' })
        .first()
    )
    assert.equal(stored.status_code, 201)
    assert.notInclude(JSON.stringify(stored.response), secretPart)

    const list = await client.get('/api/v1/webhook-endpoints').bearerToken(token)
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((item: { id: number }) => item.id),
      [data.id]
    )
    const one = await client.get(`/api/v1/webhook-endpoints/${data.id}`).bearerToken(token)
    one.assertStatus(200)
    for (const read of [list, one]) assert.notInclude(read.text(), secretPart)
    assert.deepEqual(one.body().data, data)

    // The secret signs what the endpoint receives.
    await recordWebhookEvent(company.tenant.id, 'document.authorized', { documentId: 3 })
    await runWebhookJobs()
    assert.lengthOf(receiver.received, 1)
    const [request] = receiver.received
    assert.isTrue(signedWith(secret, String(request.headers['facturo-signature']), request.body))

    const audit = await auditOf(company, 'webhook_endpoint.created')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].entityId, String(data.id))
    assert.notInclude(JSON.stringify(audit[0].after), secretPart)
  })

  test('update the URL, events and description, switch it off and on; delete it', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const token = await tokenFor(company, ['webhooks:write'])
    const { endpoint } = await createEndpoint(company.tenant, receiver.url)

    const changed = await client
      .put(`/api/v1/webhook-endpoints/${endpoint.id}`)
      .bearerToken(token)
      .json({
        url: `${receiver.url}/v2`,
        events: ['certificate.expiring'],
        description: 'ERP',
        enabled: false,
      })
    changed.assertStatus(200)
    assert.deepInclude(changed.body().data, {
      url: `${receiver.url}/v2`,
      events: ['certificate.expiring'],
      description: 'ERP',
      enabled: false,
      disabledReason: 'by_user',
    })
    const updated = await auditOf(company, 'webhook_endpoint.updated')
    assert.lengthOf(updated, 1)
    assert.deepInclude(updated[0].before as object, { url: receiver.url, enabled: true })
    assert.deepInclude(updated[0].after as object, { url: `${receiver.url}/v2`, enabled: false })

    const on = await client
      .put(`/api/v1/webhook-endpoints/${endpoint.id}`)
      .bearerToken(token)
      .json({ enabled: true })
    on.assertStatus(200)
    assert.deepInclude(on.body().data, {
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      url: `${receiver.url}/v2`,
    })

    const removed = await client
      .delete(`/api/v1/webhook-endpoints/${endpoint.id}`)
      .bearerToken(token)
    removed.assertStatus(200)
    assert.equal(removed.body().data.id, endpoint.id)
    assert.lengthOf(await endpointsOf(company), 0)
    assert.lengthOf(await auditOf(company, 'webhook_endpoint.deleted'), 1)
    const gone = await client.get(`/api/v1/webhook-endpoints/${endpoint.id}`).bearerToken(token)
    gone.assertStatus(404)
    assert.equal(gone.body().errors[0].code, 'not_found')
  })

  test('rotation answers the new secret once; both secrets sign during the overlap', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const token = await tokenFor(company, ['webhooks:write'])
    const { endpoint, secret: first } = await createEndpoint(company.tenant, receiver.url)

    const rotated = await client
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`)
      .bearerToken(token)
    rotated.assertStatus(200)
    const second = rotated.body().secret
    assert.match(second, SECRET)
    assert.notEqual(second, first)
    assert.isString(rotated.body().data.previousSecretUntil)
    assert.lengthOf(await auditOf(company, 'webhook_endpoint.secret_rotated'), 1)
    const read = await client.get(`/api/v1/webhook-endpoints/${endpoint.id}`).bearerToken(token)
    assert.notInclude(read.text(), second.slice('whsec_'.length))

    await recordWebhookEvent(company.tenant.id, 'document.authorized', { documentId: 9 })
    await runWebhookJobs()
    const [request] = receiver.received
    const header = String(request.headers['facturo-signature'])
    assert.isTrue(signedWith(second, header, request.body))
    assert.isTrue(signedWith(first, header, request.body))
  })

  test('the delivery log pages by cursor with its attempts; a delivery is replayed by id', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const reader = await tokenFor(company, ['webhooks:read'])
    const writer = await tokenFor(company, ['webhooks:write'])
    const { endpoint, secret } = await createEndpoint(company.tenant, receiver.url)
    receiver.answer(500)
    for (const documentId of [1, 2, 3]) {
      await recordWebhookEvent(company.tenant.id, 'document.authorized', { documentId })
    }
    // The first attempt of the first one fails (500), the others succeed.
    await runWebhookJobs()
    await takeWebhookJobs()

    const page = await client
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=2`)
      .bearerToken(reader)
    page.assertStatus(200)
    assert.lengthOf(page.body().data, 2)
    assert.isString(page.body().nextCursor)
    const rest = await client
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)
      .qs({ limit: 2, cursor: page.body().nextCursor })
      .bearerToken(reader)
    rest.assertStatus(200)
    assert.lengthOf(rest.body().data, 1)
    assert.isNull(rest.body().nextCursor)
    const failed = rest.body().data[0]
    assert.deepInclude(failed, { status: 'pending', attempts: 1, lastStatusCode: 500 })
    assert.deepInclude(failed.tries[0], {
      attempt: 1,
      statusCode: 500,
      succeeded: false,
      responseExcerpt: 'receiver says 500',
    })
    const ids = [...page.body().data, failed].map((item: { id: number }) => item.id)
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a)
    )

    const bad = await client
      .get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?cursor=nope`)
      .bearerToken(reader)
    bad.assertStatus(422)
    assert.deepInclude(bad.body().errors[0], { code: 'invalid_cursor', field: 'cursor' })

    const replayed = await client
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/replay`)
      .bearerToken(writer)
      .header('Idempotency-Key', 'replay-1')
    replayed.assertStatus(201)
    assert.deepInclude(replayed.body().data, {
      replayOf: failed.id,
      eventId: failed.eventId,
      status: 'pending',
      attempts: 0,
      tries: [],
    })
    // The same key again: the same replay, not a second one.
    const twice = await client
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/replay`)
      .bearerToken(writer)
      .header('Idempotency-Key', 'replay-1')
    assert.equal(twice.body().data.id, replayed.body().data.id)
    const jobs = await runWebhookJobs()
    assert.deepEqual(
      jobs.map((job) => job.data.deliveryId),
      [replayed.body().data.id]
    )
    const last = receiver.received[receiver.received.length - 1]
    assert.equal(JSON.parse(last.body).id, failed.eventId)
    assert.isTrue(signedWith(secret, String(last.headers['facturo-signature']), last.body))
    assert.lengthOf(await auditOf(company, 'webhook_delivery.replayed'), 1)

    // A disabled endpoint refuses a replay with a stable code.
    await tenantContext.run(company.tenant, async () => {
      endpoint.isEnabled = false
      await endpoint.save()
    })
    const refused = await client
      .post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/replay`)
      .bearerToken(writer)
      .header('accept-language', 'en')
    refused.assertStatus(409)
    assert.deepInclude(refused.body().errors[0], { code: 'webhook.replay_disabled', field: null })
    assert.include(refused.body().errors[0].message, 'enable it')
  })

  test('each route needs its scope: 403 missing_scope otherwise, nothing changed', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const { endpoint } = await createEndpoint(company.tenant, receiver.url)
    const [delivery] = await recordWebhookEvent(company.tenant.id, 'document.authorized', {})
    await takeWebhookJobs()
    const base = `/api/v1/webhook-endpoints`
    const reads = [
      () => client.get(base),
      () => client.get(`${base}/${endpoint.id}`),
      () => client.get(`${base}/${endpoint.id}/deliveries`),
    ]
    const writes = [
      () => client.post(base).json({ url: receiver.url, events: ['document.authorized'] }),
      () => client.put(`${base}/${endpoint.id}`).json({ enabled: false }),
      () => client.post(`${base}/${endpoint.id}/rotate-secret`),
      () => client.post(`${base}/${endpoint.id}/deliveries/${delivery.id}/replay`),
      () => client.delete(`${base}/${endpoint.id}`),
    ]
    // company.token carries every scope but the webhook ones.
    for (const request of [...reads, ...writes]) {
      const refused = await request().bearerToken(company.token)
      refused.assertStatus(403)
      assert.equal(refused.body().errors[0].code, 'missing_scope')
      assert.include(refused.body().errors[0].message, 'webhooks:write')
    }
    const reader = await tokenFor(company, ['webhooks:read'])
    for (const request of reads) {
      const allowed = await request().bearerToken(reader)
      allowed.assertStatus(200)
    }
    for (const request of writes) {
      const refused = await request().bearerToken(reader).header('accept-language', 'en')
      refused.assertStatus(403)
      assert.deepInclude(refused.body().errors[0], { code: 'missing_scope', field: null })
      assert.include(refused.body().errors[0].message, 'needs one of these scopes: webhooks:write')
    }
    const stored = await endpointsOf(company)
    assert.lengthOf(stored, 1)
    assert.isTrue(stored[0].isEnabled)
    assert.equal(stored[0].secretId, endpoint.secretId)
    const deliveries = await withoutTenantScope(INSPECT, () =>
      WebhookDelivery.query().where('tenant_id', company.tenant.id)
    )
    assert.lengthOf(deliveries, 1)
  })

  test("another company's endpoint or delivery answers 404 on every route; its endpoints are in no list", async ({
    client,
    assert,
  }) => {
    const owner = await createApiCompany()
    const intruder = await createApiCompany()
    const token = await tokenFor(intruder, ['webhooks:write'])
    const { endpoint } = await createEndpoint(owner.tenant, receiver.url)
    const [delivery] = await recordWebhookEvent(owner.tenant.id, 'document.authorized', {})
    const { endpoint: own } = await createEndpoint(intruder.tenant, receiver.url)
    await takeWebhookJobs()
    const base = `/api/v1/webhook-endpoints/${endpoint.id}`
    for (const request of [
      client.get(base),
      client.put(base).json({ url: `${receiver.url}/stolen`, enabled: false }),
      client.post(`${base}/rotate-secret`),
      client.get(`${base}/deliveries`),
      client.post(`${base}/deliveries/${delivery.id}/replay`),
      // Its delivery under the intruder's own endpoint.
      client.post(`/api/v1/webhook-endpoints/${own.id}/deliveries/${delivery.id}/replay`),
      client.delete(base),
    ]) {
      const response = await request.bearerToken(token)
      response.assertStatus(404)
      assert.equal(response.body().errors[0].code, 'not_found')
    }
    const list = await client.get('/api/v1/webhook-endpoints').bearerToken(token)
    assert.deepEqual(
      list.body().data.map((item: { id: number }) => item.id),
      [own.id]
    )
    const [kept] = await endpointsOf(owner)
    assert.equal(kept.url, receiver.url)
    assert.isTrue(kept.isEnabled)
    assert.equal(kept.secretId, endpoint.secretId)
    assert.lengthOf(await takeWebhookJobs(), 0)
  })

  test('hostile input: a bad URL, a private address, an unknown event answer 422 with field and message; nothing saved', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const token = await tokenFor(company, ['webhooks:write'])
    const bad = await client
      .post('/api/v1/webhook-endpoints')
      .bearerToken(token)
      .json({ url: 'ftp://example.com/x', events: ['document.printed'] })
    bad.assertStatus(422)
    const errors = bad.body().errors as Array<{ code: string; field: string; message: string }>
    assert.deepInclude(errors, {
      code: 'validation.webhook_url',
      field: 'url',
      message:
        'Escribe una URL completa que empiece por https:// (o http://), sin usuario ni contraseña.',
    })
    const event = errors.find((item) => item.field === 'events.0')!
    assert.equal(event.code, 'validation.enum')
    assert.isNotEmpty(event.message)

    const english = await client
      .post('/api/v1/webhook-endpoints')
      .bearerToken(token)
      .header('accept-language', 'en')
      .json({ url: 'https://user:pw@example.com/', events: [] })
    english.assertStatus(422)
    const englishFields = english.body().errors.map((item: { field: string }) => item.field)
    assert.includeMembers(englishFields, ['url', 'events'])
    assert.include(english.body().errors[0].message, 'without a user name')

    for (const body of [{ url: 42, events: 'all' }, [], { url: 'x'.repeat(5000), events: [1] }]) {
      const odd = await client.post('/api/v1/webhook-endpoints').bearerToken(token).json(body)
      odd.assertStatus(422)
      assert.isNotEmpty(odd.body().errors[0].message)
    }

    const { endpoint } = await createEndpoint(company.tenant, receiver.url)
    const restore = useWebhookPolicy({ allowPrivateTargets: false })
    try {
      for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data']) {
        const created = await client
          .post('/api/v1/webhook-endpoints')
          .bearerToken(token)
          .json({ url, events: ['document.authorized'] })
        created.assertStatus(422)
        assert.deepInclude(created.body().errors[0], {
          code: 'validation.webhook_url_private',
          field: 'url',
        })
        assert.include(created.body().errors[0].message, 'red privada')
        const moved = await client
          .put(`/api/v1/webhook-endpoints/${endpoint.id}`)
          .bearerToken(token)
          .json({ url })
        moved.assertStatus(422)
        assert.equal(moved.body().errors[0].field, 'url')
      }
    } finally {
      restore()
    }
    const stored = await endpointsOf(company)
    assert.deepEqual(
      stored.map((item) => item.url),
      [receiver.url]
    )
  })

  test('the token page offers the webhook scopes, labelled in Spanish', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const page = await client.get('/app/settings/api').loginAs(company.user).withInertia()
    page.assertStatus(200)
    assert.includeMembers((page.inertiaProps as any).scopes, ['webhooks:read', 'webhooks:write'])
    const html = await client.get('/app/settings/api').loginAs(company.user)
    assert.include(html.text(), 'Gestionar webhooks')
    const created = await client
      .post('/app/settings/api')
      .loginAs(company.user)
      .withCsrfToken()
      .json({ name: 'ERP', scopes: ['webhooks:read', 'webhooks:write'] })
      .redirects(0)
    created.assertStatus(302)
    const value = (created.flashMessages().newApiToken as { value: string }).value
    const list = await client.get('/api/v1/webhook-endpoints').bearerToken(value)
    list.assertStatus(200)
  })
})
