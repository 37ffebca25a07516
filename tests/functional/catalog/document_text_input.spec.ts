/*
 * Text that reaches a tax document is refused at input when XML 1.0 cannot
 * carry it (U+FFFE, U+FFFF, C0 controls other than tab/LF/CR, lone
 * surrogates): forms, JSON bodies and CSV import get a message next to the
 * field, and nothing is saved. Buyer identifications follow the SRI
 * adapter's rules (a foreign resident's cédula with third digit 6).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import Establishment from '#catalog/models/establishment'
import CatalogImport from '#catalog/models/catalog_import'
import ImportCatalogJob from '#catalog/jobs/import_catalog_job'
import { createCompany } from '#tests/helpers/accounts'
import { analyzeQueuedImport, csv, nthCedula, takeQueuedJob } from '#tests/helpers/catalog'
import { INSPECT, reload } from '#tests/helpers/tenancy'

const customersOf = (tenantId: number) =>
  Customer.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenantId)

test.group('Document text at input', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a customer form with a control character gets the message next to the field', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const response = await client
      .post('/app/customers')
      .form({
        identificationType: '05',
        identification: nthCedula(11),
        legalName: 'Juan\u0001 Pérez',
        address: 'Quito',
      })
      .header('referer', '/app/customers/create')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertValidationError(
      'legalName',
      'El campo razón social tiene un carácter que los comprobantes electrónicos no admiten (U+0001, posición 5); bórralo o vuelve a escribir el texto.'
    )
    assert.lengthOf(await customersOf(tenant.id), 0)
  })

  test('JSON bodies: U+FFFF, U+FFFE and lone surrogates are refused in every document text', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const post = (url: string, body: Record<string, unknown>) =>
      client
        .post(url)
        .json(body)
        .header('accept', 'application/json')
        .header('accept-language', 'en')
        .loginAs(user)
        .withCsrfToken()

    const customer = await post('/app/customers', {
      identificationType: '05',
      identification: nthCedula(12),
      legalName: 'Ana María',
      address: 'Av. 10 de Agosto \uFFFF',
      emails: 'ana@example.com\uD800',
    })
    customer.assertStatus(422)
    const fields = (customer.body().errors as Array<{ field: string; message: string }>).map(
      (error) => error.field
    )
    assert.includeMembers(fields, ['address', 'emails'])
    const address = customer.body().errors.find((error: any) => error.field === 'address')
    assert.include(address.message, 'U+FFFF')
    assert.include(address.message, 'electronic documents cannot carry')
    assert.lengthOf(await customersOf(tenant.id), 0)

    const product = await post('/app/products', {
      code: 'SKU-9',
      description: 'Martillo\uFFFE',
      unitPrice: '10',
      taxCategory: 'iva_15',
    })
    product.assertStatus(422)
    assert.equal(product.body().errors[0].field, 'description')
    const products = await Product.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    assert.lengthOf(products, 0)

    const establishment = await post('/app/establishments', {
      code: '002',
      address: 'Centro \uDC00 comercial',
    })
    establishment.assertStatus(422)
    assert.equal(establishment.body().errors[0].field, 'address')
    const establishments = await Establishment.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    assert.lengthOf(establishments, 0)
  })

  test('tab, line breaks and astral characters are still accepted', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const response = await client
      .post('/app/customers')
      .json({
        identificationType: '05',
        identification: nthCedula(13),
        legalName: 'Café\tEl Ñandú 😀',
        address: 'Calle 1\nEdificio 2',
      })
      .header('accept', 'application/json')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    assert.oneOf(response.status(), [201, 302])
    const [saved] = await customersOf(tenant.id)
    assert.equal(saved.legalName, 'Café\tEl Ñandú 😀')
  })

  test("a foreign resident's cédula (third digit 6) is a valid customer", async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const response = await client
      .post('/app/customers')
      .form({ identificationType: '05', identification: '0962467429', legalName: 'Ana Kowalski' })
      .header('referer', '/app/customers/create')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app/customers')
    const [saved] = await customersOf(tenant.id)
    assert.equal(saved.identification, '0962467429')
  })

  test('CSV import: a control character fails its row only; third digit 6 imports', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const rows = [
      ['Tipo de identificación', 'Identificación', 'Razón social', 'Dirección'],
      ['05', nthCedula(21), 'Cliente uno', 'Quito'],
      ['05', nthCedula(22), 'Cliente\u0007 dos', 'Quito'],
      ['05', '0962467429', 'Cliente extranjero', 'Cuenca'],
      ['05', nthCedula(23), 'Cliente cuatro', 'Loja\uFFFF'],
    ]
    const uploaded = await client
      .post('/app/imports')
      .field('kind', 'customers')
      .file('file', Buffer.from(csv(rows), 'utf8'), {
        filename: 'clientes.csv',
        contentType: 'text/csv',
      })
      .header('referer', '/app/imports/new')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    uploaded.assertStatus(302)
    const record = await CatalogImport.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    await analyzeQueuedImport(record.id)
    await reload(record)
    await client
      .post(`/app/imports/${record.id}/start`)
      .json({ mapping: record.mapping })
      .header('referer', `/app/imports/${record.id}`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const job = await takeQueuedJob(record.id)
    await new ImportCatalogJob().handle(job!.data)

    await reload(record)
    assert.equal(record.status, 'completed')
    assert.deepEqual(
      record.errors.map((error) => [error.line, error.field]),
      [
        [3, 'legalName'],
        [5, 'address'],
      ]
    )
    assert.include(record.errors[0].message, 'U+0007')
    assert.include(record.errors[1].message, 'U+FFFF')
    const saved = await customersOf(tenant.id)
    assert.sameMembers(
      saved.map((customer) => customer.identification),
      [nthCedula(21), '0962467429']
    )
  })

  test('registration refuses such text in the company data', async ({ client }) => {
    const response = await client
      .post('/register')
      .form({
        country: 'EC',
        taxId: '1790011674001',
        legalName: 'Ferretería \uFFFF S.A.',
        tradeName: 'Ferretería',
        address: 'Av. Amazonas N34-120, Quito',
        fullName: 'María Pérez',
        email: 'maria.xml@example.com',
        password: 'Clave-segura-2024',
        password_confirmation: 'Clave-segura-2024',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertValidationError(
      'legalName',
      'El campo razón social tiene un carácter que los comprobantes electrónicos no admiten (U+FFFF, posición 12); bórralo o vuelve a escribir el texto.'
    )
  })
})
