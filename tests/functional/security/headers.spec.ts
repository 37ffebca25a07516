import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import shieldConfig from '#config/shield'
import { createCompany } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { binary } from '#tests/helpers/catalog'

const REFERRER = 'strict-origin-when-cross-origin'

test.group('Security: headers and caching', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Referrer-Policy on every response, public or not', async ({ client }) => {
    for (const path of ['/', '/login', '/no-such-page', '/health']) {
      const response = await client.get(path)
      response.assertHeader('referrer-policy', REFERRER)
    }
  })

  test('pages of a signed-in user are never stored; public pages may be', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    for (const path of ['/app', '/app/customers', '/account', '/app/customers/999999/edit']) {
      const response = await client.get(path).loginAs(user)
      assert.equal(response.header('cache-control'), 'no-store', path)
      response.assertHeader('referrer-policy', REFERRER)
    }
    const inertia = await client.get('/app/customers').loginAs(user).withInertia()
    assert.equal(inertia.header('cache-control'), 'no-store')
    const landing = await client.get('/')
    assert.notEqual(landing.header('cache-control'), 'no-store')
  })

  test('every download is no-store: XML, PDF, CSV, XLSX', async ({ client, assert }) => {
    const company = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    created.assertStatus(201)
    const id = created.body().id
    const downloads = [
      `/app/documents/${id}/xml`,
      `/app/documents/${id}/xml/signed`,
      `/app/documents/${id}/pdf`,
      '/app/customers/export/csv',
      '/app/customers/export/xlsx',
      '/app/products/export/csv',
      '/app/products/export/xlsx',
    ]
    for (const path of downloads) {
      const request = client.get(path).loginAs(company.user)
      request.request.parse(binary)
      const response = await request
      response.assertStatus(200)
      assert.equal(response.header('cache-control'), 'no-store', path)
      assert.match(response.header('content-disposition') ?? '', /^attachment/, path)
    }
  })

  test('CSP: pages talk only to their own origin (no ws:/wss: to any host)', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/login')
    const csp = response.header('content-security-policy') ?? ''
    const connect = csp.split(';').find((part: string) => part.trim().startsWith('connect-src'))
    assert.equal(connect?.trim(), "connect-src 'self'")
    assert.notInclude(csp, 'ws:')
    assert.notInclude(csp, 'wss:')
  })

  test('HSTS covers the tenant subdomains, and only production sends it', async ({
    client,
    assert,
  }) => {
    assert.isTrue(shieldConfig.hsts.includeSubDomains)
    assert.equal(shieldConfig.hsts.enabled, app.inProduction)
    const response = await client.get('/login')
    assert.notExists(response.header('strict-transport-security'))
  })
})
