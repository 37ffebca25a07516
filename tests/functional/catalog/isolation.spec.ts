import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import NumberingSequence from '#catalog/models/numbering_sequence'
import MemberDefault from '#catalog/models/member_default'
import CatalogImport from '#catalog/models/catalog_import'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import { createCompany } from '#tests/helpers/accounts'
import { createCustomer, createPoint, createProduct, csv } from '#tests/helpers/catalog'
import { INSPECT, constraintError } from '#tests/helpers/tenancy'

type Company = Awaited<ReturnType<typeof createCompany>>

/** Everything company A owns in the catalog, one row of each model. */
async function catalogOf(company: Company) {
  const customer = await createCustomer(company.tenant)
  const product = await createProduct(company.tenant)
  const { establishment, point } = await createPoint(company.tenant)
  await tenantContext.run(company.tenant, () =>
    db.transaction((trx) =>
      allocateNumber(trx, {
        tenantId: company.tenant.id,
        establishmentId: establishment.id,
        emissionPointId: point.id,
        documentType: 'invoice',
        environment: 'test',
      })
    )
  )
  return tenantContext.run(company.tenant, async () => {
    const sequence = await NumberingSequence.query().firstOrFail()
    const memberDefault = await MemberDefault.create({
      membershipId: company.membership.id,
      establishmentId: establishment.id,
      emissionPointId: point.id,
    })
    const importRecord = await CatalogImport.create({
      membershipId: company.membership.id,
      kind: 'customers',
      status: 'uploaded',
      fileName: 'clientes.csv',
      encoding: 'utf-8',
      delimiter: ',',
      content: Buffer.from(
        csv([
          ['Tipo', 'Identificación', 'Razón social'],
          ['05', '1710034065', 'X Y'],
        ])
      ),
      headers: ['Tipo', 'Identificación', 'Razón social'],
      mapping: { identificationType: 0, identification: 1, legalName: 2 },
      locale: 'es',
      totalRows: 1,
      errors: [{ line: 2, field: 'identification', message: 'secreto de A' }],
    })
    return { customer, product, establishment, point, sequence, memberDefault, importRecord }
  })
}

test.group('Catalog isolation: models', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('rows of tenant A are invisible and unmodifiable from tenant B, for every model', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const rows = await catalogOf(a)
    const models: Array<[LucidModel, LucidRow & { id: number }]> = [
      [Customer, rows.customer],
      [Product, rows.product],
      [Establishment, rows.establishment],
      [EmissionPoint, rows.point],
      [NumberingSequence, rows.sequence],
      [MemberDefault, rows.memberDefault],
      [CatalogImport, rows.importRecord],
    ]

    for (const [Model, row] of models) {
      await tenantContext.run(b.tenant, async () => {
        assert.isNull(await Model.find(row.id), `${Model.name} found across tenants`)
        assert.lengthOf(await Model.all(), 0, `${Model.name}.all() leaked`)
        const page = await Model.query().paginate(1, 10)
        assert.equal(page.total, 0, `${Model.name} paginate leaked`)
        assert.deepEqual(await Model.query().where('id', row.id).delete(), [0])
        assert.deepEqual(
          await Model.query()
            .where('id', row.id)
            .update({ updated_at: new Date(0) }),
          [0]
        )
      })
      // A row loaded outside the scope cannot be saved or deleted as B.
      const leaked = await (Model as any)
        .query({ withoutTenantScope: INSPECT })
        .where('id', row.id)
        .firstOrFail()
      await tenantContext.run(b.tenant, async () => {
        leaked.updatedAt = null
        await assert.rejects(() => leaked.save(), TenantMismatchException as any)
        await assert.rejects(() => leaked.delete(), TenantMismatchException as any)
      })
      // A still sees its own row.
      await tenantContext.run(a.tenant, async () => {
        assert.isNotNull(await Model.find(row.id), `${Model.name} lost for its own tenant`)
      })
    }
  })

  test('creating a row for another tenant inside a context is refused', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await tenantContext.run(b.tenant, async () => {
      await assert.rejects(
        () =>
          Product.create({
            tenantId: a.tenant.id,
            code: 'X',
            description: 'X',
            unitPrice: '1',
            taxCategory: 'iva_15',
            trackStock: false,
            stock: null,
            isActive: true,
          }),
        TenantMismatchException as any
      )
    })
    assert.lengthOf(
      await Product.query({ withoutTenantScope: INSPECT }).where('tenant_id', a.tenant.id),
      0
    )
  })
})

test.group('Catalog isolation: database constraints', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('every catalog table requires a real tenant', async ({ assert }) => {
    const now = new Date()
    const inserts: Record<string, Record<string, unknown>> = {
      customers: {
        identification_type: '05',
        identification: '1',
        legal_name: 'X',
        created_at: now,
      },
      products: {
        code: 'X',
        description: 'X',
        unit_price: 1,
        tax_category: 'iva_15',
        created_at: now,
      },
      establishments: { code: '001', address: 'X', created_at: now },
    }
    for (const [table, row] of Object.entries(inserts)) {
      assert.equal(await constraintError((trx) => trx.table(table).insert(row)), '23502', table)
      assert.equal(
        await constraintError((trx) =>
          trx.table(table).insert({ ...row, tenant_id: 2_147_483_000 })
        ),
        '23503',
        table
      )
    }
  })

  test('PostgreSQL refuses links to another tenant’s rows (composite foreign keys)', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const rowsA = await catalogOf(a)
    const own = await createPoint(b.tenant)
    const otherOwn = await createPoint(b.tenant, { establishment: '002' })
    const now = new Date()

    // An emission point of B under A's establishment.
    assert.equal(
      await constraintError((trx) =>
        trx.table('emission_points').insert({
          tenant_id: b.tenant.id,
          establishment_id: rowsA.establishment.id,
          code: '009',
          created_at: now,
        })
      ),
      '23503'
    )
    const sequence = {
      tenant_id: b.tenant.id,
      document_type: 'invoice',
      environment: 'test',
      created_at: now,
    }
    // A sequence of B on A's establishment and point…
    assert.equal(
      await constraintError((trx) =>
        trx.table('numbering_sequences').insert({
          ...sequence,
          establishment_id: rowsA.establishment.id,
          emission_point_id: rowsA.point.id,
        })
      ),
      '23503'
    )
    // …or on B's establishment with a point of another establishment.
    assert.equal(
      await constraintError((trx) =>
        trx.table('numbering_sequences').insert({
          ...sequence,
          establishment_id: own.establishment.id,
          emission_point_id: otherOwn.point.id,
        })
      ),
      '23503'
    )
    // A default point of B's member pointing at A's point, or B's row for A's member.
    assert.equal(
      await constraintError((trx) =>
        trx.table('member_defaults').insert({
          tenant_id: b.tenant.id,
          membership_id: b.membership.id,
          establishment_id: rowsA.establishment.id,
          emission_point_id: rowsA.point.id,
          created_at: now,
        })
      ),
      '23503'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('member_defaults').insert({
          tenant_id: b.tenant.id,
          membership_id: a.membership.id,
          establishment_id: own.establishment.id,
          emission_point_id: own.point.id,
          created_at: now,
        })
      ),
      '23503'
    )
    // An import of B credited to A's member.
    assert.equal(
      await constraintError((trx) =>
        trx.table('catalog_imports').insert({
          tenant_id: b.tenant.id,
          membership_id: a.membership.id,
          kind: 'customers',
          status: 'uploaded',
          file_name: 'x.csv',
          encoding: 'utf-8',
          delimiter: ',',
          content: Buffer.from('x'),
          created_at: now,
        })
      ),
      '23503'
    )
    // Re-pointing an existing row of B at A's data is refused too.
    assert.equal(
      await constraintError((trx) =>
        trx
          .from('emission_points')
          .where('id', own.point.id)
          .update({ establishment_id: rowsA.establishment.id })
      ),
      '23503'
    )
  })

  test('uniqueness is per tenant: identifications, product codes, establishment codes', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await createCustomer(a.tenant, { identification: '1710034065' })
    await createProduct(a.tenant, { code: 'ABC' })
    await createPoint(a.tenant)
    const now = new Date()
    const customer = {
      identification_type: '05',
      identification: '1710034065',
      legal_name: 'X',
      created_at: now,
    }
    const product = {
      code: 'abc',
      description: 'X',
      unit_price: 1,
      tax_category: 'iva_15',
      created_at: now,
    }
    const establishment = { code: '001', address: 'X', created_at: now }
    assert.equal(
      await constraintError((trx) =>
        trx.table('customers').insert({ ...customer, tenant_id: a.tenant.id })
      ),
      '23505'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('products').insert({ ...product, tenant_id: a.tenant.id })
      ),
      '23505'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('establishments').insert({ ...establishment, tenant_id: a.tenant.id })
      ),
      '23505'
    )
    assert.isNull(
      await constraintError((trx) =>
        trx.table('customers').insert({ ...customer, tenant_id: b.tenant.id })
      )
    )
    assert.isNull(
      await constraintError((trx) =>
        trx.table('products').insert({ ...product, tenant_id: b.tenant.id })
      )
    )
    assert.isNull(
      await constraintError((trx) =>
        trx.table('establishments').insert({ ...establishment, tenant_id: b.tenant.id })
      )
    )
    // Prices never go negative, and stock exists only when it is tracked.
    assert.equal(
      await constraintError((trx) =>
        trx
          .table('products')
          .insert({ ...product, code: 'N', unit_price: -1, tenant_id: b.tenant.id })
      ),
      '23514'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('products').insert({ ...product, code: 'S', stock: 5, tenant_id: b.tenant.id })
      ),
      '23514'
    )
  })
})

test.group('Catalog isolation: routes answer 404 for another tenant’s ids', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('every catalog route with an id', async ({ client, assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const rows = await catalogOf(b)

    const customerForm = {
      identificationType: '05',
      identification: '0912345675',
      legalName: 'Cambiado',
    }
    const productForm = {
      code: 'CAMBIADO',
      description: 'X',
      unitPrice: '1',
      taxCategory: 'iva_15',
    }
    const calls: Array<[string, string, Record<string, unknown>?]> = [
      ['get', `/app/customers/${rows.customer.id}/edit`],
      ['put', `/app/customers/${rows.customer.id}`, customerForm],
      ['post', `/app/customers/${rows.customer.id}/deactivate`],
      ['post', `/app/customers/${rows.customer.id}/reactivate`],
      ['get', `/app/products/${rows.product.id}/edit`],
      ['put', `/app/products/${rows.product.id}`, productForm],
      ['post', `/app/products/${rows.product.id}/deactivate`],
      ['post', `/app/products/${rows.product.id}/reactivate`],
      ['get', `/app/establishments/${rows.establishment.id}/edit`],
      [
        'put',
        `/app/establishments/${rows.establishment.id}`,
        { code: '009', address: 'Cambiada 123' },
      ],
      ['post', `/app/establishments/${rows.establishment.id}/deactivate`],
      ['post', `/app/establishments/${rows.establishment.id}/reactivate`],
      ['post', `/app/establishments/${rows.establishment.id}/points`, { code: '005' }],
      ['put', `/app/establishments/defaults/${b.membership.id}`, { emissionPointId: null }],
      [
        'put',
        `/app/establishments/defaults/${a.membership.id}`,
        { emissionPointId: rows.point.id },
      ],
      ['get', `/app/emission-points/${rows.point.id}/edit`],
      ['put', `/app/emission-points/${rows.point.id}`, { code: '009' }],
      ['post', `/app/emission-points/${rows.point.id}/deactivate`],
      ['post', `/app/emission-points/${rows.point.id}/reactivate`],
      [
        'post',
        `/app/emission-points/${rows.point.id}/next-number`,
        { documentType: 'invoice', environment: 'test', nextNumber: 900 },
      ],
      ['get', `/app/imports/${rows.importRecord.id}`],
      [
        'post',
        `/app/imports/${rows.importRecord.id}/start`,
        { mapping: { identificationType: 0, identification: 1, legalName: 2 } },
      ],
      ['get', `/app/imports/${rows.importRecord.id}/progress`],
      ['get', `/app/imports/${rows.importRecord.id}/errors`],
    ]
    for (const [method, url, body] of calls) {
      const request = (client as any)[method](url).loginAs(a.user).withInertia()
      if (method !== 'get') request.withCsrfToken()
      if (body) request.json(body)
      const response = await request
      assert.equal(response.status(), 404, `${method.toUpperCase()} ${url}`)
      assert.notInclude(response.text(), 'secreto de A', url)
    }

    // Nothing of B changed.
    await tenantContext.run(b.tenant, async () => {
      const customer = await Customer.findOrFail(rows.customer.id)
      assert.isTrue(customer.isActive)
      assert.notEqual(customer.legalName, 'Cambiado')
      const product = await Product.findOrFail(rows.product.id)
      assert.equal(product.code, rows.product.code)
      const establishment = await Establishment.findOrFail(rows.establishment.id)
      assert.equal(establishment.code, '001')
      assert.lengthOf(await EmissionPoint.all(), 1)
      const sequence = await NumberingSequence.findOrFail(rows.sequence.id)
      assert.equal(sequence.lastNumber, 1)
      const importRecord = await CatalogImport.findOrFail(rows.importRecord.id)
      assert.equal(importRecord.status, 'uploaded')
      assert.isNotNull(await MemberDefault.find(rows.memberDefault.id))
    })
    assert.isNull(
      await MemberDefault.query({ withoutTenantScope: INSPECT })
        .where('membership_id', a.membership.id)
        .first()
    )

    // The same pages answer for ids of the own company: the 404 is about the tenant.
    for (const [method, url] of calls) {
      if (method !== 'get' || url.includes('/defaults/')) continue
      const response = await client.get(url).loginAs(b.user).withInertia()
      assert.equal(response.status(), 200, `GET ${url} as the owner`)
    }

    // Non-numeric ids are a 404, not a database error.
    const word = await client.get('/app/customers/abc/edit').loginAs(a.user).withInertia()
    word.assertStatus(404)
  })

  test('lists and exports never show another tenant’s rows', async ({ client, assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await createCustomer(b.tenant, { legalName: 'Cliente de B' })
    await createProduct(b.tenant, { code: 'B-ONLY' })
    await createPoint(b.tenant)
    const customers = await client.get('/app/customers?status=all').loginAs(a.user).withInertia()
    assert.lengthOf((customers.inertiaProps as any).customers, 0)
    const products = await client.get('/app/products?status=all').loginAs(a.user).withInertia()
    assert.lengthOf((products.inertiaProps as any).products, 0)
    const establishments = await client.get('/app/establishments').loginAs(a.user).withInertia()
    assert.lengthOf((establishments.inertiaProps as any).establishments, 0)
    const csvExport = await client.get('/app/customers/export/csv?status=all').loginAs(a.user)
    assert.notInclude(csvExport.text(), 'Cliente de B')
    const productCsv = await client.get('/app/products/export/csv?status=all').loginAs(a.user)
    assert.notInclude(productCsv.text(), 'B-ONLY')
  })
})
