import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#accounts/models/audit_log'
import Customer from '#catalog/models/customer'
import { tenantContext } from '#tenancy/tenant_context'
import { issuingGroup } from '#tests/helpers/invoicing'
import { nthCedula } from '#tests/helpers/catalog'
import { INSPECT } from '#tests/helpers/tenancy'
import { createApiCompany, expectStatus } from '#tests/helpers/api'

const ana = (identification: string) => ({
  identificationType: '05',
  identification,
  legalName: 'Ana Pérez',
  emails: 'ana@example.com, pagos@example.com',
})

test.group('REST API: customers, products, establishments, certificate', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('customers: create, read, update, list by cursor, deactivate; the same rules and audit as the pages', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const created = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .json(ana(nthCedula(901)))
    created.assertStatus(201)
    const id = created.body().data.id
    assert.deepInclude(created.body().data, {
      identificationType: '05',
      identification: nthCedula(901),
      legalName: 'Ana Pérez',
      emails: ['ana@example.com', 'pagos@example.com'],
      isActive: true,
    })

    const read = await client.get(`/api/v1/customers/${id}`).bearerToken(company.token)
    read.assertStatus(200)
    assert.equal(read.body().data.legalName, 'Ana Pérez')

    const updated = await client
      .put(`/api/v1/customers/${id}`)
      .bearerToken(company.token)
      .json({ ...ana(nthCedula(901)), legalName: 'Ana María Pérez' })
    updated.assertStatus(200)
    assert.equal(updated.body().data.legalName, 'Ana María Pérez')

    // Two customers now (the company's own and this one): one per page.
    const first = await client.get('/api/v1/customers?limit=1').bearerToken(company.token)
    first.assertStatus(200)
    assert.lengthOf(first.body().data, 1)
    assert.equal(first.body().data[0].id, id)
    assert.isString(first.body().nextCursor)
    const second = await client
      .get(`/api/v1/customers?limit=1&cursor=${first.body().nextCursor}`)
      .bearerToken(company.token)
    assert.deepEqual(
      second.body().data.map((row: { id: number }) => row.id),
      [company.customer.id]
    )
    assert.isNull(second.body().nextCursor)

    const removed = await client.delete(`/api/v1/customers/${id}`).bearerToken(company.token)
    removed.assertStatus(200)
    assert.isFalse(removed.body().data.isActive)
    const active = await client.get('/api/v1/customers').bearerToken(company.token)
    assert.notInclude(
      active.body().data.map((row: { id: number }) => row.id),
      id
    )

    const actions = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .where('entity_id', String(id))
      .orderBy('id')
    assert.deepEqual(
      actions.map((row) => row.action),
      ['customer.created', 'customer.updated', 'customer.deactivated']
    )
  })

  test('customers: invalid input is a 422 per field with a stable code, in the asked language; nothing saved', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const response = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .header('accept-language', 'en')
      .json({ identificationType: '05', identification: '1710034060', legalName: 'X' })
    response.assertStatus(422)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.includeMembers(fields, ['legalName'])
    for (const error of response.body().errors) {
      assert.match(error.code, /^validation\./)
      assert.isString(error.message)
    }
    const spanish = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .json({ identificationType: '05', identification: '1710034060', legalName: 'X' })
    assert.notEqual(spanish.body().errors[0].message, response.body().errors[0].message)
    const count = await tenantContext.run(company.tenant, () => Customer.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 1)

    const badLimit = await client.get('/api/v1/customers?limit=500').bearerToken(company.token)
    badLimit.assertStatus(422)
    assert.deepEqual(badLimit.body().errors[0].code, 'invalid_limit')
    assert.equal(badLimit.body().errors[0].field, 'limit')
    const badCursor = await client
      .get('/api/v1/customers?cursor=not-a-cursor')
      .bearerToken(company.token)
    badCursor.assertStatus(422)
    assert.equal(badCursor.body().errors[0].code, 'invalid_cursor')
  })

  test('customers: a duplicate identification is refused; upsert updates it instead', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const body = ana(nthCedula(902))
    await expectStatus(client.post('/api/v1/customers').bearerToken(company.token).json(body), 201)
    const duplicate = await client.post('/api/v1/customers').bearerToken(company.token).json(body)
    duplicate.assertStatus(422)
    assert.equal(duplicate.body().errors[0].code, 'validation.duplicate')
    assert.equal(duplicate.body().errors[0].field, 'identification')

    const upserted = await client
      .post('/api/v1/customers/upsert')
      .bearerToken(company.token)
      .json({ ...body, legalName: 'Ana Pérez Vera' })
    upserted.assertStatus(200)
    assert.isFalse(upserted.body().created)
    assert.equal(upserted.body().data.legalName, 'Ana Pérez Vera')

    const fresh = await client
      .post('/api/v1/customers/upsert')
      .bearerToken(company.token)
      .json(ana(nthCedula(903)))
    fresh.assertStatus(201)
    assert.isTrue(fresh.body().created)
  })

  test('products: create, read, update, upsert by code, list, deactivate', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const created = await client.post('/api/v1/products').bearerToken(company.token).json({
      code: 'CAF-250',
      description: 'Café molido 250 g',
      unitPrice: '4.125',
      taxCategory: 'iva_15',
    })
    created.assertStatus(201)
    const id = created.body().data.id
    assert.deepInclude(created.body().data, {
      code: 'CAF-250',
      unitPrice: '4.125',
      taxCategory: 'iva_15',
      isActive: true,
    })
    ;(await client.get(`/api/v1/products/${id}`).bearerToken(company.token), 200)

    const updated = await client.put(`/api/v1/products/${id}`).bearerToken(company.token).json({
      code: 'CAF-250',
      description: 'Café molido 250 g',
      unitPrice: '4.50',
      taxCategory: 'iva_15',
    })
    updated.assertStatus(200)
    assert.equal(updated.body().data.unitPrice, '4.50')

    const upserted = await client.post('/api/v1/products/upsert').bearerToken(company.token).json({
      code: 'caf-250',
      description: 'Café molido 250 g (nuevo empaque)',
      unitPrice: '4.75',
      taxCategory: 'iva_15',
    })
    upserted.assertStatus(200)
    assert.equal(upserted.body().data.id, id)
    assert.equal(upserted.body().data.description, 'Café molido 250 g (nuevo empaque)')

    const invalid = await client.post('/api/v1/products').bearerToken(company.token).json({
      code: 'X-1',
      description: 'Algo',
      unitPrice: '1.1234567',
      taxCategory: 'iva_99',
    })
    invalid.assertStatus(422)
    assert.sameMembers(
      invalid.body().errors.map((error: { field: string }) => error.field),
      ['unitPrice', 'taxCategory']
    )

    const list = await client.get('/api/v1/products?q=caf').bearerToken(company.token)
    assert.deepEqual(
      list.body().data.map((row: { id: number }) => row.id),
      [id]
    )
    const removed = await client.delete(`/api/v1/products/${id}`).bearerToken(company.token)
    assert.isFalse(removed.body().data.isActive)
  })

  test('establishments with their points, and the signing credential status', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const establishments = await client.get('/api/v1/establishments').bearerToken(company.token)
    establishments.assertStatus(200)
    assert.deepEqual(establishments.body().data, [
      {
        id: company.establishment.id,
        code: '001',
        name: 'Matriz',
        address: 'Av. Amazonas N34-120, Quito',
        isActive: true,
        emissionPoints: [
          { id: company.point.id, code: '001', description: 'Caja 1', isActive: true },
        ],
      },
    ])

    const certificate = await client.get('/api/v1/certificate').bearerToken(company.token)
    certificate.assertStatus(200)
    assert.equal(certificate.body().data.credential, 'certificate')
    assert.equal(certificate.body().data.environment, 'test')
    // The test company has no uploaded certificate (tests sign with a swapped-in one).
    assert.isNull(certificate.body().data.certificate)
  })
})
