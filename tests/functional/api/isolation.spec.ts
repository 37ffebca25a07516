import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { createApiCompany } from '#tests/helpers/api'
import { INSPECT } from '#tests/helpers/tenancy'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'

/**
 * The token is the tenant: every id of another company answers 404 on
 * every route that takes one, and lists never show its rows.
 */
test.group('REST API: tenant isolation', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("another company's ids answer 404 on every route; its rows are in no list", async ({
    client,
    assert,
  }) => {
    const owner = await createApiCompany()
    const intruder = await createApiCompany()
    const invoice = await client
      .post('/api/v1/documents')
      .bearerToken(owner.token)
      .json(invoiceInput(owner))
    const draft = await client
      .post('/api/v1/documents')
      .bearerToken(owner.token)
      .json({ ...invoiceInput(owner), intent: 'draft' })
    const documentId = invoice.body().data.id
    const customer = {
      identificationType: '05',
      identification: '0926687856',
      legalName: 'Otro nombre',
    }
    const product = {
      code: 'SKU-001',
      description: 'Otro',
      unitPrice: '1.00',
      taxCategory: 'iva_15',
    }
    const attempts: Array<[string, string, object?]> = [
      ['get', `/api/v1/customers/${owner.customer.id}`],
      ['put', `/api/v1/customers/${owner.customer.id}`, customer],
      ['delete', `/api/v1/customers/${owner.customer.id}`],
      ['get', `/api/v1/products/${owner.product.id}`],
      ['put', `/api/v1/products/${owner.product.id}`, product],
      ['delete', `/api/v1/products/${owner.product.id}`],
      ['get', `/api/v1/documents/${documentId}`],
      ['get', `/api/v1/documents/${documentId}/xml`],
      ['get', `/api/v1/documents/${documentId}/pdf`],
      ['post', `/api/v1/documents/${draft.body().data.id}/issue`],
      ['post', `/api/v1/documents/${documentId}/credit-notes`, { reason: 'Devolución' }],
    ]
    for (const [method, url, body] of attempts) {
      const request = (client as any)[method](url).bearerToken(intruder.token)
      const response = await (body ? request.json(body) : request)
      assert.equal(response.status(), 404, `${method} ${url}`)
      assert.equal(response.body().errors[0].code, 'not_found', `${method} ${url}`)
    }

    // Nor may a new document point at the owner's customer, point or product.
    const foreign = await client
      .post('/api/v1/documents')
      .bearerToken(intruder.token)
      .json(invoiceInput(owner))
    foreign.assertStatus(422)
    assert.equal(foreign.body().errors[0].field, 'customerId')

    for (const path of ['customers', 'products', 'documents', 'establishments']) {
      const list = await client.get(`/api/v1/${path}`).bearerToken(intruder.token)
      const ids = list.body().data.map((row: { id: number }) => row.id)
      const ownerIds = {
        customers: [owner.customer.id],
        products: [owner.product.id],
        documents: [documentId, draft.body().data.id],
        establishments: [owner.establishment.id],
      }[path]!
      for (const id of ownerIds) assert.notInclude(ids, id, path)
    }

    // Nothing of the owner's changed.
    const stored = await withoutTenantScope(INSPECT, () =>
      db.from('customers').where('id', owner.customer.id).first()
    )
    assert.equal(stored.legal_name, 'Juan Carlos Andrade')
    assert.isTrue(stored.is_active)
    const statuses = await withoutTenantScope(INSPECT, () =>
      db.from('documents').where('tenant_id', owner.tenant.id).orderBy('id').select('status')
    )
    assert.deepEqual(
      statuses.map((row) => row.status),
      ['ISSUED', 'DRAFT']
    )
  })

  test('idempotency keys are rows of their company (row-level security)', async ({
    client,
    assert,
  }) => {
    const owner = await createApiCompany()
    const other = await createApiCompany()
    await client
      .post('/api/v1/customers')
      .bearerToken(owner.token)
      .header('Idempotency-Key', 'k-1')
      .json({ identificationType: '05', identification: '1710034065', legalName: 'Ana Pérez' })
    const seenByOther = await tenantContext.run(other.tenant, () =>
      db.from('api_idempotency_keys').select('key')
    )
    assert.lengthOf(seenByOther, 0)
    const seenByOwner = await tenantContext.run(owner.tenant, () =>
      db.from('api_idempotency_keys').select('key')
    )
    assert.deepEqual(
      seenByOwner.map((row) => row.key),
      ['k-1']
    )
  })
})
