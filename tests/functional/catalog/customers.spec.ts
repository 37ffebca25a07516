import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ExcelJS from 'exceljs'
import Customer from '#catalog/models/customer'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { binary, createCustomer, nthCedula } from '#tests/helpers/catalog'
import { INSPECT, reload } from '#tests/helpers/tenancy'

function customerIn(tenantId: number, id: number) {
  return Customer.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenantId)
    .where('id', id)
    .first()
}

test.group('Customers: create and validation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an operator creates a customer with a valid cédula', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const response = await client
      .post('/app/customers')
      .form({
        identificationType: '05',
        identification: '1710034065',
        legalName: 'Juan Carlos Andrade',
        tradeName: '',
        address: 'Av. 6 de Diciembre N33-42, Quito',
        emails: 'Juan@Example.com; pagos@example.com',
        phone: '+593 99 123 4567',
        notes: 'Prefiere factura por correo',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/app/customers')
    response.assertFlashMessage('success', 'Cliente Juan Carlos Andrade creado.')
    const saved = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(saved.identification, '1710034065')
    assert.deepEqual(saved.emails, ['juan@example.com', 'pagos@example.com'])
    assert.isNull(saved.tradeName)
    assert.isTrue(saved.isActive)
  })

  test('an invalid cédula gets the country message next to the field', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const response = await client
      .post('/app/customers')
      .form({ identificationType: '05', identification: '1710034066', legalName: 'Mal Dígito' })
      .header('referer', '/app/customers/create')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/app/customers/create')
    response.assertValidationError(
      'identification',
      'La cédula no es válida: el dígito verificador no coincide.'
    )
    assert.isNull(
      await Customer.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id).first()
    )
  })

  test('the messages follow the user language', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const response = await client
      .post('/app/customers')
      .form({ identificationType: '04', identification: '12345', legalName: 'X' })
      .header('accept-language', 'en')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError(
      'legalName',
      'The legal name must be at least 2 characters long.'
    )
  })

  test('country checks run after the form checks and name the right field', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const ruc = await client
      .post('/app/customers')
      .form({ identificationType: '04', identification: '12345', legalName: 'Empresa' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    ruc.assertValidationError(
      'identification',
      'El RUC tiene 13 dígitos, sin letras (por ejemplo 1792146739001).'
    )

    const type = await client
      .post('/app/customers')
      .form({ identificationType: '99', identification: '1', legalName: 'Empresa' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    type.assertValidationError('identificationType', 'Elige un tipo de identificación de la lista.')

    const emails = await client
      .post('/app/customers')
      .form({
        identificationType: '05',
        identification: '1710034065',
        legalName: 'Empresa',
        emails: 'bien@example.com, mal@',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    emails.assertValidationError(
      'emails',
      '«mal@» no es un correo válido. Separa varios correos con comas.'
    )
  })

  test('a final consumer gets the fixed number', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await client
      .post('/app/customers')
      .form({ identificationType: '07', legalName: 'Consumidor final' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const saved = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(saved.identification, '9999999999999')
  })

  test('duplicates by identification and type are refused, with the existing name', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createCustomer(tenant, { identification: '1710034065', legalName: 'Ya Registrado' })
    const response = await client
      .post('/app/customers')
      .form({ identificationType: '05', identification: '1710034065', legalName: 'Otro' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError(
      'identification',
      'Ya existe un cliente con esta identificación: Ya Registrado.'
    )
    const count = await Customer.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    assert.lengthOf(count, 1)

    // The same number in another company is not a duplicate.
    const other = await createCompany('OWNER')
    await client
      .post('/app/customers')
      .form({ identificationType: '05', identification: '1710034065', legalName: 'Otro' })
      .loginAs(other.user)
      .withCsrfToken()
      .redirects(0)
    assert.isNotNull(
      await Customer.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', other.tenant.id)
        .where('identification', '1710034065')
        .first()
    )
  })

  test('Panama: a contribuyente needs RUC, DV and taxpayer type; the DV is checked', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    const wrongDv = await client
      .post('/app/customers')
      .form({
        identificationType: '01',
        identification: '155596713-2-2015',
        checkDigits: '58',
        taxpayerType: '2',
        legalName: 'Importadora del Canal, S.A.',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    wrongDv.assertValidationError(
      'checkDigits',
      'El dígito verificador 58 no corresponde al RUC 155596713-2-2015.'
    )

    const noType = await client
      .post('/app/customers')
      .form({
        identificationType: '01',
        identification: '155596713-2-2015',
        checkDigits: '59',
        legalName: 'Importadora del Canal, S.A.',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    noType.assertHasValidationError('taxpayerType')

    await client
      .post('/app/customers')
      .form({
        identificationType: '01',
        identification: '155596713-2-2015',
        checkDigits: '59',
        taxpayerType: '2',
        legalName: 'Importadora del Canal, S.A.',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const saved = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(saved.checkDigits, '59')
    assert.equal(saved.taxpayerType, '2')
  })

  test('Panama: a foreign customer keeps no RUC fields; two final consumers without number are fine', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    await client
      .post('/app/customers')
      .form({
        identificationType: '04',
        identification: 'X1234567',
        checkDigits: '12',
        taxpayerType: '1',
        foreignIdType: '01',
        foreignCountry: 'Colombia',
        legalName: 'Andrés Gómez',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    for (const name of ['Consumidor A', 'Consumidor B']) {
      await client
        .post('/app/customers')
        .form({ identificationType: '02', legalName: name })
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
    }
    const rows = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .orderBy('id')
    assert.lengthOf(rows, 3)
    assert.include(rows[0].$attributes, {
      identification: 'X1234567',
      checkDigits: null,
      taxpayerType: null,
      foreignIdType: '01',
      foreignCountry: 'Colombia',
    })
    assert.deepEqual(
      rows.slice(1).map((row) => row.identification),
      ['', '']
    )
  })

  test('the create page offers the country identification types', async ({ client }) => {
    const ec = await createCompany('OWNER')
    const response = await client.get('/app/customers/create').loginAs(ec.user).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('catalog/customers/create')
    const props = response.inertiaProps as {
      options: { identificationTypes: { code: string; label: string }[] }
    }
    response.assert!.deepEqual(
      props.options.identificationTypes.map((type) => type.code),
      ['04', '05', '06', '07', '08']
    )

    const pa = await createCompany('OWNER', { country: 'PA' })
    const panama = await client.get('/app/customers/create').loginAs(pa.user).withInertia()
    const paProps = panama.inertiaProps as {
      options: { identificationTypes: { code: string }[]; taxpayerTypes: { code: string }[] }
    }
    panama.assert!.deepEqual(
      paProps.options.identificationTypes.map((type) => type.code),
      ['01', '02', '03', '04']
    )
    panama.assert!.lengthOf(paProps.options.taxpayerTypes, 2)
  })
})

test.group('Customers: list, search, edit, deactivate', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the list is paginated, searchable by name or id, active by default', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('READONLY')
    for (let index = 0; index < 30; index++) {
      await createCustomer(tenant, { legalName: `Cliente ${String(index).padStart(2, '0')}` })
    }
    await createCustomer(tenant, { legalName: 'Ferretería Quito', identification: '1710034065' })
    await createCustomer(tenant, { legalName: 'Antigua S.A.', isActive: false })

    const first = await client.get('/app/customers').loginAs(user).withInertia()
    first.assertStatus(200)
    first.assertInertiaComponent('catalog/customers/index')
    const props = first.inertiaProps as any
    assert.lengthOf(props.customers, 25)
    assert.deepEqual(props.pagination, { currentPage: 1, lastPage: 2, total: 31 })

    const byName = await client.get('/app/customers?q=ferret').loginAs(user).withInertia()
    assert.deepEqual(
      (byName.inertiaProps as any).customers.map((row: any) => row.legalName),
      ['Ferretería Quito']
    )
    const byId = await client.get('/app/customers?q=17100340').loginAs(user).withInertia()
    assert.deepEqual(
      (byId.inertiaProps as any).customers.map((row: any) => row.legalName),
      ['Ferretería Quito']
    )
    const wildcard = await client.get('/app/customers?q=%25').loginAs(user).withInertia()
    assert.lengthOf((wildcard.inertiaProps as any).customers, 0)

    const inactive = await client.get('/app/customers?status=inactive').loginAs(user).withInertia()
    assert.deepEqual(
      (inactive.inertiaProps as any).customers.map((row: any) => row.legalName),
      ['Antigua S.A.']
    )
    const odd = await client.get('/app/customers?page=abc&status=zzz').loginAs(user).withInertia()
    odd.assertStatus(200)
    assert.equal((odd.inertiaProps as any).pagination.currentPage, 1)
  })

  test('an empty list renders the empty state data', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const response = await client.get('/app/customers').loginAs(user).withInertia()
    response.assertInertiaPropsContains({ customers: [], pagination: { total: 0 } })
  })

  test('edit shows the customer and update saves it under the same rules', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const customer = await createCustomer(tenant, { legalName: 'Nombre Viejo' })
    const taken = await createCustomer(tenant, { identification: nthCedula(9001) })

    const page = await client.get(`/app/customers/${customer.id}/edit`).loginAs(user).withInertia()
    page.assertInertiaComponent('catalog/customers/edit')
    page.assertInertiaPropsContains({ customer: { id: customer.id, legalName: 'Nombre Viejo' } })

    const duplicate = await client
      .put(`/app/customers/${customer.id}`)
      .form({ identificationType: '05', identification: taken.identification, legalName: 'X Y' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    duplicate.assertHasValidationError('identification')

    const response = await client
      .put(`/app/customers/${customer.id}`)
      .form({
        identificationType: '04',
        identification: '1710034065001',
        legalName: 'Nombre Nuevo',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    await reload(customer)
    assert.equal(customer.legalName, 'Nombre Nuevo')
    assert.equal(customer.identificationType, '04')
  })

  test('deactivate and reactivate', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const customer = await createCustomer(tenant)
    await client
      .post(`/app/customers/${customer.id}/deactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(customer)
    assert.isFalse(customer.isActive)
    await client
      .post(`/app/customers/${customer.id}/reactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(customer)
    assert.isTrue(customer.isActive)
  })

  test('read-only members see the list but cannot write', async ({ client, assert }) => {
    const { tenant } = await createCompany('OWNER')
    const reader = await createUser()
    await addMember(tenant, reader, 'READONLY', { isDefault: true })
    const customer = await createCustomer(tenant)

    const list = await client.get('/app/customers').loginAs(reader).withInertia()
    list.assertStatus(200)
    const create = await client
      .post('/app/customers')
      .form({ identificationType: '05', identification: '1710034065', legalName: 'Intruso' })
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    create.assertStatus(403)
    const deactivate = await client
      .post(`/app/customers/${customer.id}/deactivate`)
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    deactivate.assertStatus(403)
    await reload(customer)
    assert.isTrue(customer.isActive)
    const edit = await client
      .get(`/app/customers/${customer.id}/edit`)
      .loginAs(reader)
      .withInertia()
    edit.assertStatus(403)
  })

  test('export as CSV and XLSX with the current filter', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('READONLY')
    await createCustomer(tenant, {
      legalName: 'Ñandú Cía. Ltda.',
      identification: '1710034065',
      emails: ['a@example.com', 'b@example.com'],
    })
    await createCustomer(tenant, { legalName: 'Otro Cliente' })

    const csv = await client.get('/app/customers/export/csv?q=Ñandú').loginAs(user)
    csv.assertStatus(200)
    csv.assertHeader('content-type', 'text/csv; charset=utf-8')
    const text = csv.text()
    assert.isTrue(text.startsWith('\uFEFF'))
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    assert.equal(
      lines[0],
      'Tipo de identificación,Identificación,Razón social,Nombre comercial,Dirección,Correos,Teléfono,Notas,Activo'
    )
    assert.lengthOf(lines, 2)
    assert.equal(lines[1], '05,1710034065,Ñandú Cía. Ltda.,,,a@example.com; b@example.com,,,sí')

    const request = client.get('/app/customers/export/xlsx').loginAs(user)
    request.request.parse(binary)
    const xlsx = await request
    xlsx.assertStatus(200)
    xlsx.assertHeader(
      'content-type',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.body() as any)
    const sheet = workbook.worksheets[0]
    assert.equal(sheet.rowCount, 3)
    assert.equal(sheet.getRow(1).getCell(3).value, 'Razón social')
    const names = [sheet.getRow(2).getCell(3).value, sheet.getRow(3).getCell(3).value]
    assert.sameMembers(names as string[], ['Ñandú Cía. Ltda.', 'Otro Cliente'])

    const bad = await client.get('/app/customers/export/pdf').loginAs(user).withInertia()
    bad.assertStatus(404)
  })

  test('tenant context keeps customers apart in the models too', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const customer = await createCustomer(a.tenant)
    assert.isNotNull(await customerIn(a.tenant.id, customer.id))
    assert.isNull(await tenantContext.run(a.tenant, () => Customer.find(customer.id + 100000)))
  })
})
