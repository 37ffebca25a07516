import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import AuditLog from '#accounts/models/audit_log'
import VaultSecret from '#certificates/models/vault_secret'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { deliverWebhook } from '#webhooks/actions/deliver_webhook'
import { recordWebhookEvent } from '#webhooks/actions/record_webhook_event'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'
import {
  clearWebhookQueue,
  createEndpoint,
  startReceiver,
  takeWebhookJobs,
  useWebhookPolicy,
} from '#tests/helpers/webhooks'

test.group('Webhooks: settings page', (group) => {
  group.each.setup(() => clearWebhookQueue())
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an owner adds an endpoint and sees its secret once; it is sealed in the vault; audited', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const created = await client
      .post('/app/settings/webhooks')
      .loginAs(user)
      .withCsrfToken()
      .json({
        url: 'http://127.0.0.1:9/hooks',
        events: ['document.authorized', 'usage.limit_reached'],
        description: 'ERP',
      })
      .redirects(0)
    created.assertStatus(302)
    const endpoint = await tenantContext.run(tenant, () => WebhookEndpoint.firstOrFail())
    created.assertHeader('location', `/app/settings/webhooks/${endpoint.id}`)
    const fresh = created.flashMessages().newWebhookSecret as { value: string }
    assert.match(fresh.value, /^whsec_[A-Za-z0-9_-]{43}$/)
    assert.deepEqual(endpoint.events, ['document.authorized', 'usage.limit_reached'])

    // Sealed: neither the endpoint row nor the vault row holds the secret in clear.
    const rows = await withoutTenantScope(INSPECT, async () => ({
      endpoint: await db.from('webhook_endpoints').where('id', endpoint.id).first(),
      secret: await db.from('vault_secrets').where('id', endpoint.secretId).first(),
    }))
    const secretPart = fresh.value.slice('whsec_'.length)
    assert.notInclude(JSON.stringify(rows.endpoint), secretPart)
    assert.notInclude(rows.secret.ciphertext.toString('latin1'), secretPart)
    assert.equal(rows.secret.purpose, 'webhook.signing')
    const sealed = await tenantContext.run(tenant, () => VaultSecret.findOrFail(endpoint.secretId))
    assert.equal(sealed.tenantId, tenant.id)

    // The list and the page never show it again.
    const list = await client.get('/app/settings/webhooks').loginAs(user).withInertia()
    list.assertInertiaComponent('webhooks/index')
    assert.isNull((list.inertiaProps as any).newSecret)
    assert.notInclude(JSON.stringify(list.inertiaProps), secretPart)
    assert.equal((list.inertiaProps as any).endpoints[0].url, 'http://127.0.0.1:9/hooks')
    const page = await client
      .get(`/app/settings/webhooks/${endpoint.id}`)
      .loginAs(user)
      .withInertia()
    assert.notInclude(JSON.stringify(page.inertiaProps), secretPart)

    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'webhook_endpoint.created')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].userId, user.id)
  })

  test('bad input gets a message per field in Spanish, or in English; nothing is saved', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const refused = await client
      .post('/app/settings/webhooks')
      .loginAs(user)
      .withCsrfToken()
      .json({ url: 'ftp://example.com/x', events: ['document.printed'] })
      .redirects(0)
    refused.assertStatus(302)
    const errors = refused.flashMessages().errors as Record<string, string[]>
    assert.match(errors.url[0], /https:\/\//)
    assert.match(errors['events.0'][0], /opción válida/)

    const english = await client
      .post('/app/settings/webhooks')
      .loginAs(user)
      .withCsrfToken()
      .header('accept-language', 'en')
      .json({ url: 'https://user:pw@example.com/', events: [] })
      .redirects(0)
    const englishErrors = english.flashMessages().errors as Record<string, string[]>
    assert.match(englishErrors.url[0], /without a user name/)
    assert.property(englishErrors, 'events')
    const count = await tenantContext.run(tenant, () => WebhookEndpoint.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 0)
  })

  test('operators and read-only members cannot manage webhooks', async ({ client }) => {
    const { tenant } = await createCompany('OWNER')
    for (const role of ['OPERATOR', 'READONLY'] as const) {
      const member = await createUser()
      await addMember(tenant, member, role)
      const page = await client.get('/app/settings/webhooks').loginAs(member).withInertia()
      page.assertStatus(403)
    }
  })

  test('events, description and switching off from the page; delete removes the log', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { endpoint } = await createEndpoint(tenant, 'http://127.0.0.1:9/x')
    await client
      .put(`/app/settings/webhooks/${endpoint.id}`)
      .loginAs(user)
      .withCsrfToken()
      .json({ events: ['document.voided', 'certificate.expiring'], enabled: false })
      .redirects(0)
    let stored = await tenantContext.run(tenant, () => WebhookEndpoint.findOrFail(endpoint.id))
    assert.deepEqual(stored.events, ['document.voided', 'certificate.expiring'])
    assert.isFalse(stored.isEnabled)
    assert.equal(stored.disabledReason, 'by_user')
    // Off: no delivery is recorded for it.
    assert.lengthOf(await recordWebhookEvent(tenant.id, 'document.voided', { documentId: 1 }), 0)
    stored.isEnabled = true
    await tenantContext.run(tenant, () => stored.save())
    assert.lengthOf(await recordWebhookEvent(tenant.id, 'document.voided', { documentId: 1 }), 1)
    await takeWebhookJobs()

    const removed = await client
      .delete(`/app/settings/webhooks/${endpoint.id}`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    removed.assertHeader('location', '/app/settings/webhooks')
    const left = await withoutTenantScope(INSPECT, () =>
      db.from('webhook_deliveries').where('tenant_id', tenant.id)
    )
    assert.lengthOf(left, 0)
  })
})

test.group('Webhooks: SSRF guard', (group) => {
  group.each.setup(() => clearWebhookQueue())
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('private, loopback and link-local targets are refused when saving, DNS names included', async ({
    client,
    assert,
  }) => {
    const restore = useWebhookPolicy({ allowPrivateTargets: false })
    try {
      const { tenant, user } = await createCompany('OWNER')
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://localhost/hook',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://0.0.0.0/hook',
      ]) {
        const refused = await client
          .post('/app/settings/webhooks')
          .loginAs(user)
          .withCsrfToken()
          .json({ url, events: ['document.authorized'] })
          .redirects(0)
        const errors = refused.flashMessages().errors as Record<string, string[]> | undefined
        assert.match(errors?.url?.[0] ?? '', /red privada/, url)
      }
      const unknown = await client
        .post('/app/settings/webhooks')
        .loginAs(user)
        .withCsrfToken()
        .json({ url: 'https://no-such-host.invalid/hook', events: ['document.authorized'] })
        .redirects(0)
      assert.match((unknown.flashMessages().errors as any).url[0], /DNS/)
      const count = await tenantContext.run(tenant, () => WebhookEndpoint.query().count('* as n'))
      assert.equal(Number(count[0].$extras.n), 0)
    } finally {
      restore()
    }
  })

  test('a delivery to a private address is refused at send time too (nothing reaches it)', async ({
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const { tenant } = await createCompany('OWNER')
      // Saved while allowed (as in tests), then the guard is on: by IP and by name.
      await createEndpoint(tenant, receiver.url)
      await createEndpoint(tenant, `http://localhost:${receiver.port}/by-name`)
      const restore = useWebhookPolicy({ allowPrivateTargets: false })
      try {
        const deliveries = await recordWebhookEvent(tenant.id, 'document.authorized', {
          documentId: 7,
        })
        assert.lengthOf(deliveries, 2)
        await takeWebhookJobs()
        for (const delivery of deliveries) {
          await tenantContext.run(tenant, () => deliverWebhook(delivery.id, 1))
        }
      } finally {
        restore()
      }
      assert.lengthOf(receiver.received, 0)
      const stored = await tenantContext.run(tenant, () => WebhookDelivery.query().orderBy('id'))
      for (const delivery of stored) {
        assert.equal(delivery.status, 'pending')
        assert.match(delivery.lastError!, /private, loopback or link-local/)
      }
    } finally {
      await receiver.close()
      await clearWebhookQueue()
    }
  })
})
