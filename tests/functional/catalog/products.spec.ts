import { test } from '@japa/runner'
import { tenantContext } from '#tenancy/tenant_context'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import ExcelJS from 'exceljs'
import Product from '#catalog/models/product'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { binary, createProduct } from '#tests/helpers/catalog'
import { INSPECT, reload } from '#tests/helpers/tenancy'

function productsOf(tenantId: number) {
  return Product.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenantId).orderBy('id')
}

test.group('Products: create and validation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('prices keep up to six decimals exactly, as numeric', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const response = await client
      .post('/app/products')
      .form({
        code: 'TOR-0114',
        description: 'Tornillo 1/4"',
        unit: 'unidad',
        unitPrice: '0,123456',
        taxCategory: 'iva_15',
        trackStock: 'true',
        stock: '2500',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app/products')
    const [saved] = await productsOf(tenant.id)
    assert.equal(saved.unitPrice, '0.123456')
    assert.equal(saved.stock, '2500.000000')
    assert.isTrue(saved.trackStock)

    // 0.1 + 0.2 stays 0.3 in the database: no float ever touched it.
    const result = await tenantContext.run(tenant, () =>
      db.rawQuery('select unit_price + 0.176544 as sum from products where tenant_id = ?', [
        tenant.id,
      ])
    )
    assert.equal(result.rows[0].sum, '0.300000')
  })

  test('bad amounts, codes and categories get messages next to their fields', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const base = { code: 'A-1', description: 'Algo', unitPrice: '1', taxCategory: 'iva_15' }
    const cases: Array<[Record<string, string>, string, string]> = [
      [
        { unitPrice: '1.1234567' },
        'unitPrice',
        'El precio unitario admite como máximo 6 decimales.',
      ],
      [
        { unitPrice: '1.234,56' },
        'unitPrice',
        'Escribe el precio unitario como número, por ejemplo 12.50 o 12,50 (sin separador de miles).',
      ],
      [{ unitPrice: '-3' }, 'unitPrice', 'El precio unitario no puede ser negativo.'],
      [
        { unitPrice: '1234567890123' },
        'unitPrice',
        'El precio unitario admite como máximo 12 dígitos enteros.',
      ],
      [{ taxCategory: 'itbms_7' }, 'taxCategory', 'Elige un impuesto de la lista.'],
      [{ taxCategory: 'iva_12' }, 'taxCategory', 'Elige un impuesto de la lista.'],
      [
        { code: 'CON ESPACIO' },
        'code',
        'El código solo puede tener letras, números y los signos . _ - /, sin espacios.',
      ],
    ]
    for (const [override, field, message] of cases) {
      const response = await client
        .post('/app/products')
        .form({ ...base, ...override })
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      response.assertValidationError(field, message)
    }
    assert.lengthOf(await productsOf(tenant.id), 0)
  })

  test('codes are unique per company regardless of case', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createProduct(tenant, { code: 'MAR-16OZ', description: 'Martillo' })
    const response = await client
      .post('/app/products')
      .form({ code: 'mar-16oz', description: 'Otro', unitPrice: '2', taxCategory: 'iva_0' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError('code', 'El código MAR-16OZ ya está en uso por «Martillo».')
    assert.lengthOf(await productsOf(tenant.id), 1)

    const other = await createCompany('OWNER')
    await client
      .post('/app/products')
      .form({ code: 'MAR-16OZ', description: 'Otro', unitPrice: '2', taxCategory: 'iva_0' })
      .loginAs(other.user)
      .withCsrfToken()
      .redirects(0)
    assert.lengthOf(await productsOf(other.tenant.id), 1)
  })

  test('Panama offers ITBMS categories', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    const page = await client.get('/app/products/create').loginAs(user).withInertia()
    assert.deepEqual(
      (page.inertiaProps as any).taxCategories.map((item: any) => item.code),
      ['itbms_exento', 'itbms_7', 'itbms_10', 'itbms_15']
    )
    await client
      .post('/app/products')
      .form({
        code: 'DET-2KG',
        description: 'Detergente',
        unitPrice: '6.5',
        taxCategory: 'itbms_7',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const iva = await client
      .post('/app/products')
      .form({ code: 'X', description: 'X', unitPrice: '1', taxCategory: 'iva_15' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    iva.assertHasValidationError('taxCategory')
    const saved = await productsOf(tenant.id)
    assert.deepEqual(
      saved.map((row) => row.taxCategory),
      ['itbms_7']
    )
  })
})

test.group('Products: list, search, edit, deactivate, export', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('list, search by code or description, pagination', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('READONLY')
    for (let index = 0; index < 27; index++) {
      await createProduct(tenant, { code: `A-${String(index).padStart(2, '0')}` })
    }
    await createProduct(tenant, { code: 'ZZ-9', description: 'Cemento gris 50 kg' })
    const first = await client.get('/app/products').loginAs(user).withInertia()
    first.assertInertiaComponent('catalog/products/index')
    assert.deepEqual((first.inertiaProps as any).pagination, {
      currentPage: 1,
      lastPage: 2,
      total: 28,
    })
    const second = await client.get('/app/products?page=2').loginAs(user).withInertia()
    assert.lengthOf((second.inertiaProps as any).products, 3)
    const search = await client.get('/app/products?q=cemento').loginAs(user).withInertia()
    assert.deepEqual(
      (search.inertiaProps as any).products.map((row: any) => row.code),
      ['ZZ-9']
    )
    const byCode = await client.get('/app/products?q=zz-').loginAs(user).withInertia()
    assert.lengthOf((byCode.inertiaProps as any).products, 1)
    // Prices reach the page as decimal strings.
    assert.equal((byCode.inertiaProps as any).products[0].unitPrice, '1.50')
  })

  test('edit keeps a historic tax category, turning tracking off clears stock', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const product = await createProduct(tenant, {
      taxCategory: 'iva_12',
      trackStock: true,
      stock: '10',
    })
    const page = await client.get(`/app/products/${product.id}/edit`).loginAs(user).withInertia()
    page.assertInertiaPropsContains({ product: { id: product.id, stock: '10' } })

    const response = await client
      .put(`/app/products/${product.id}`)
      .form({
        code: product.code,
        description: 'Renombrado',
        unitPrice: '2.5',
        taxCategory: 'iva_12',
        trackStock: 'false',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    await reload(product)
    assert.equal(product.description, 'Renombrado')
    assert.equal(product.taxCategory, 'iva_12')
    assert.isFalse(product.trackStock)
    assert.isNull(product.stock)
  })

  test('deactivate and reactivate; read-only members cannot', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const product = await createProduct(tenant)
    await client
      .post(`/app/products/${product.id}/deactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(product)
    assert.isFalse(product.isActive)

    const reader = await createUser()
    await addMember(tenant, reader, 'READONLY', { isDefault: true })
    const denied = await client
      .post(`/app/products/${product.id}/reactivate`)
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    denied.assertStatus(403)
    await client
      .post(`/app/products/${product.id}/reactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(product)
    assert.isTrue(product.isActive)
  })

  test('export CSV and XLSX; exact decimals become numbers in XLSX', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('READONLY')
    await createProduct(tenant, { code: 'A', description: 'Uno', unitPrice: '0.123456' })
    await createProduct(tenant, {
      code: 'B',
      description: 'Dos',
      unitPrice: '999999999999.999999',
      trackStock: true,
      stock: '3',
    })
    const csv = await client.get('/app/products/export/csv').loginAs(user)
    const lines = csv
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    assert.deepEqual(lines, [
      'Código,Descripción,Unidad,Precio unitario,Impuesto,Controla stock,Stock,Activo',
      'A,Uno,,0.123456,iva_15,no,,sí',
      'B,Dos,,999999999999.999999,iva_15,sí,3,sí',
    ])

    const request = client.get('/app/products/export/xlsx').loginAs(user)
    request.request.parse(binary)
    const xlsx = await request
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.body() as any)
    const sheet = workbook.worksheets[0]
    assert.equal(sheet.getRow(2).getCell(4).value, 0.123456)
    // Beyond double precision it stays text rather than a rounded number.
    assert.equal(sheet.getRow(3).getCell(4).value, '999999999999.999999')
  })
})
