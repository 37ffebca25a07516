import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { ApiResponse } from '@japa/api-client'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { tenantContext } from '#tenancy/tenant_context'
import { invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { createApiCompany, tokenFor } from '#tests/helpers/api'
import { recordWebhookEvent } from '#webhooks/actions/record_webhook_event'
import { clearWebhookQueue, runWebhookJobs, startReceiver } from '#tests/helpers/webhooks'

/** A JSON pointer segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * The OpenAPI document must tell the truth: real answers of every
 * operation (successes and the usual failures) are validated against the
 * schemas the document declares for their path, method and status.
 */
test.group('REST API: the OpenAPI document', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('every answer matches the schema the document declares for it; every API route is documented and exercised', async ({
    client,
    assert,
  }) => {
    const served = await client.get('/api/v1/openapi.json')
    served.assertStatus(200)
    const spec = served.body()
    assert.equal(spec.openapi, '3.1.0')

    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema(spec, 'openapi')
    const checked = new Set<string>()

    function check(method: string, template: string, response: ApiResponse) {
      const status = String(response.status())
      const operation = spec.paths[template]?.[method]
      assert.exists(operation, `${method} ${template} is documented`)
      assert.exists(operation.responses[status], `${method} ${template} documents ${status}`)
      const content = operation.responses[status].content ?? {}
      const type = String(response.header('content-type') ?? '').split(';')[0]
      assert.exists(content[type], `${method} ${template} ${status} documents ${type}`)
      if (type === 'application/json') {
        const ref = `openapi#/paths/${pointer(template)}/${method}/responses/${status}/content/${pointer(type)}/schema`
        const validate = ajv.compile({ $ref: ref })
        const valid = validate(response.body())
        assert.isTrue(
          valid,
          `${method} ${template} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body()).slice(0, 500)}`
        )
      }
      if (status.startsWith('2')) checked.add(`${method} ${template}`)
    }

    const company = await createApiCompany()
    const token = company.token
    const readOnly = await tokenFor(company, ['documents:read'])
    const customer = {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Ana Pérez',
      emails: 'ana@example.com',
    }
    const product = { code: 'CAF-1', description: 'Café', unitPrice: '2.5', taxCategory: 'iva_15' }

    // Catalog
    const createdCustomer = await client
      .post('/api/v1/customers')
      .bearerToken(token)
      .header('Idempotency-Key', 'c-1')
      .json(customer)
    check('post', '/customers', createdCustomer)
    const customerId = createdCustomer.body().data.id
    check('get', '/customers', await client.get('/api/v1/customers?limit=1').bearerToken(token))
    check(
      'get',
      '/customers/{id}',
      await client.get(`/api/v1/customers/${customerId}`).bearerToken(token)
    )
    check(
      'put',
      '/customers/{id}',
      await client.put(`/api/v1/customers/${customerId}`).bearerToken(token).json(customer)
    )
    check(
      'post',
      '/customers/upsert',
      await client.post('/api/v1/customers/upsert').bearerToken(token).json(customer)
    )
    check(
      'post',
      '/customers',
      await client.post('/api/v1/customers').bearerToken(token).json({ legalName: 'X' })
    )
    check(
      'get',
      '/customers/{id}',
      await client.get('/api/v1/customers/2147483000').bearerToken(token)
    )
    check(
      'delete',
      '/customers/{id}',
      await client.delete(`/api/v1/customers/${customerId}`).bearerToken(token)
    )

    const createdProduct = await client.post('/api/v1/products').bearerToken(token).json(product)
    check('post', '/products', createdProduct)
    const productId = createdProduct.body().data.id
    check('get', '/products', await client.get('/api/v1/products').bearerToken(token))
    check(
      'get',
      '/products/{id}',
      await client.get(`/api/v1/products/${productId}`).bearerToken(token)
    )
    check(
      'put',
      '/products/{id}',
      await client.put(`/api/v1/products/${productId}`).bearerToken(token).json(product)
    )
    check(
      'post',
      '/products/upsert',
      await client
        .post('/api/v1/products/upsert')
        .bearerToken(token)
        .json({ ...product, code: 'CAF-2' })
    )
    check(
      'delete',
      '/products/{id}',
      await client.delete(`/api/v1/products/${productId}`).bearerToken(token)
    )
    check('get', '/establishments', await client.get('/api/v1/establishments').bearerToken(token))
    check('get', '/certificate', await client.get('/api/v1/certificate').bearerToken(token))

    // Documents
    const draft = await client
      .post('/api/v1/documents')
      .bearerToken(token)
      .json({ ...invoiceInput(company), intent: 'draft' })
    check('post', '/documents', draft)
    const issued = await client
      .post(`/api/v1/documents/${draft.body().data.id}/issue`)
      .bearerToken(token)
    check('post', '/documents/{id}/issue', issued)
    check(
      'post',
      '/documents/{id}/issue',
      await client.post(`/api/v1/documents/${draft.body().data.id}/issue`).bearerToken(token)
    )
    const invoiceId = issued.body().data.id
    await tenantContext.run(company.tenant, async () => {
      for (let round = 0; round < 10; round++) {
        const outcome = await ProcessDocumentJob.run(invoiceId)
        if (outcome.next === 'done') break
      }
      const authorized = await Document.findOrFail(invoiceId)
      assert.equal(authorized.status, 'AUTHORIZED')
    })
    check('get', '/documents', await client.get('/api/v1/documents?limit=1').bearerToken(readOnly))
    check(
      'get',
      '/documents/{id}',
      await client.get(`/api/v1/documents/${invoiceId}`).bearerToken(readOnly)
    )
    check(
      'get',
      '/documents/{id}/xml',
      await client.get(`/api/v1/documents/${invoiceId}/xml`).bearerToken(readOnly)
    )
    check(
      'get',
      '/documents/{id}/pdf',
      await client.get(`/api/v1/documents/${invoiceId}/pdf`).bearerToken(readOnly)
    )
    check(
      'post',
      '/documents/{id}/credit-notes',
      await client
        .post(`/api/v1/documents/${invoiceId}/credit-notes`)
        .bearerToken(token)
        .json({ reason: 'Devolución total' })
    )
    check(
      'post',
      '/documents/{id}/credit-notes',
      await client
        .post(`/api/v1/documents/${invoiceId}/credit-notes`)
        .bearerToken(token)
        .json({ reason: 'Otra vez' })
    )

    // Webhook endpoints
    const hooks = await tokenFor(company, ['webhooks:write'])
    const hooksRead = await tokenFor(company, ['webhooks:read'])
    const receiver = await startReceiver()
    try {
      await clearWebhookQueue()
      const createdEndpoint = await client
        .post('/api/v1/webhook-endpoints')
        .bearerToken(hooks)
        .header('Idempotency-Key', 'w-1')
        .json({ url: receiver.url, events: ['document.authorized'], description: 'ERP' })
      check('post', '/webhook-endpoints', createdEndpoint)
      check(
        'post',
        '/webhook-endpoints',
        await client
          .post('/api/v1/webhook-endpoints')
          .bearerToken(hooks)
          .header('Idempotency-Key', 'w-1')
          .json({ url: receiver.url, events: ['document.authorized'], description: 'ERP' })
      )
      check(
        'post',
        '/webhook-endpoints',
        await client
          .post('/api/v1/webhook-endpoints')
          .bearerToken(hooks)
          .json({ url: 'ftp://x', events: ['nope'] })
      )
      const endpointId = createdEndpoint.body().data.id
      const endpointPath = `/api/v1/webhook-endpoints/${endpointId}`
      check(
        'get',
        '/webhook-endpoints',
        await client.get('/api/v1/webhook-endpoints?limit=1').bearerToken(hooksRead)
      )
      check('get', '/webhook-endpoints/{id}', await client.get(endpointPath).bearerToken(hooksRead))
      check(
        'get',
        '/webhook-endpoints/{id}',
        await client.get('/api/v1/webhook-endpoints/2147483000').bearerToken(hooksRead)
      )
      check(
        'put',
        '/webhook-endpoints/{id}',
        await client
          .put(endpointPath)
          .bearerToken(hooks)
          .json({ events: ['document.authorized', 'document.voided'], description: null })
      )
      check(
        'post',
        '/webhook-endpoints/{id}/rotate-secret',
        await client.post(`${endpointPath}/rotate-secret`).bearerToken(hooks)
      )
      receiver.answer(500)
      await recordWebhookEvent(company.tenant.id, 'document.authorized', { documentId: invoiceId })
      await runWebhookJobs()
      const log = await client.get(`${endpointPath}/deliveries`).bearerToken(hooksRead)
      check('get', '/webhook-endpoints/{id}/deliveries', log)
      const deliveryId = log.body().data[0].id
      check(
        'post',
        '/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
        await client.post(`${endpointPath}/deliveries/${deliveryId}/replay`).bearerToken(hooks)
      )
      await client.put(endpointPath).bearerToken(hooks).json({ enabled: false })
      check(
        'post',
        '/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
        await client.post(`${endpointPath}/deliveries/${deliveryId}/replay`).bearerToken(hooks)
      )
      check(
        'get',
        '/webhook-endpoints/{id}/deliveries',
        await client.get(`${endpointPath}/deliveries`).bearerToken(token)
      )
      check(
        'delete',
        '/webhook-endpoints/{id}',
        await client.delete(endpointPath).bearerToken(hooks)
      )
    } finally {
      await clearWebhookQueue()
      await receiver.close()
    }

    // Failures every operation declares.
    check('get', '/documents', await client.get('/api/v1/documents'))
    check(
      'post',
      '/documents',
      await client.post('/api/v1/documents').bearerToken(readOnly).json({})
    )

    // Every route under /api/v1 is in the document, and every documented operation was exercised.
    const routes = router
      .toJSON()
      .root.filter(
        (route) => route.pattern.startsWith('/api/v1/') && route.pattern !== '/api/v1/openapi.json'
      )
      .flatMap((route) =>
        route.methods
          .filter((method) => method !== 'HEAD')
          .map(
            (method) =>
              `${method.toLowerCase()} ${route.pattern.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`
          )
      )
    const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((key) => ['get', 'post', 'put', 'delete'].includes(key))
        .map((method) => `${method} ${path}`)
    )
    assert.sameMembers(documented, routes)
    assert.sameMembers([...checked], documented)
  })

  test('the reference page lists every operation', async ({ client, assert }) => {
    const page = await client.get('/api/docs').withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('api/reference')
    const operations = (page.inertiaProps as any).operations as Array<{
      method: string
      path: string
    }>
    assert.deepInclude(operations, operations.find((item) => item.path === '/api/v1/documents')!)
    assert.includeMembers(
      operations.map((item) => `${item.method} ${item.path}`),
      ['POST /api/v1/documents', 'GET /api/v1/documents/{id}/pdf', 'POST /api/v1/customers/upsert']
    )
    const html = await client.get('/api/docs')
    html.assertStatus(200)
    assert.include(html.text(), '/api/v1/documents/{id}/credit-notes')
  })
})
