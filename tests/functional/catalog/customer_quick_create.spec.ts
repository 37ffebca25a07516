/*
 * The invoice form's "new customer" dialog: POST /app/customers/quick (JSON).
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Customer from '#catalog/models/customer'
import { createCompany } from '#tests/helpers/accounts'
import { createCustomer } from '#tests/helpers/catalog'
import { INSPECT } from '#tests/helpers/tenancy'

function quick(client: any, user: any, body: Record<string, unknown>, locale = 'es') {
  return client
    .post('/app/customers/quick')
    .json(body)
    .header('accept', 'application/json')
    .header('accept-language', locale)
    .loginAs(user)
    .withCsrfToken()
}

test.group('Customers: quick create from the invoice form', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates the customer in the current company and answers it as JSON', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const other = await createCompany('OWNER')
    const response = await quick(client, user, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Juan Carlos Andrade',
      emails: 'juan@example.com',
    })
    response.assertStatus(201)
    const body = response.body()
    assert.equal(body.customer.name, 'Juan Carlos Andrade')
    assert.equal(body.customer.identification, '1710034065')
    assert.equal(body.customer.email, 'juan@example.com')
    assert.isTrue(body.customer.isActive)

    const saved = await Customer.query({ withoutTenantScope: INSPECT })
      .where('id', body.customer.id)
      .firstOrFail()
    assert.equal(saved.tenantId, tenant.id)
    const inOther = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', other.tenant.id)
      .count('* as n')
    assert.equal(Number(inOther[0].$extras.n), 0)
  })

  test('an invalid cédula answers 422 with the message next to the field, nothing saved', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const response = await quick(client, user, {
      identificationType: '05',
      identification: '1710034066',
      legalName: 'Mal Dígito',
    })
    response.assertStatus(422)
    const errors = response.body().errors as Array<{ field: string; message: string }>
    const identification = errors.find((item) => item.field === 'identification')
    assert.exists(identification)
    assert.match(identification!.message, /cédula|verificador/i)

    const missingName = await quick(
      client,
      user,
      { identificationType: '05', identification: '1710034065', legalName: '' },
      'en'
    )
    missingName.assertStatus(422)
    assert.isTrue(
      (missingName.body().errors as Array<{ field: string }>).some(
        (item) => item.field === 'legalName'
      )
    )
    const count = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .count('* as n')
    assert.equal(Number(count[0].$extras.n), 0)
  })

  test('an identification already in the company answers 409 with that customer', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const existing = await createCustomer(tenant, {
      identification: '1710034065',
      legalName: 'Cliente Existente',
    })
    const response = await quick(client, user, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Otro Nombre',
    })
    response.assertStatus(409)
    assert.equal(response.body().existing.id, existing.id)
    assert.equal(
      response.body().message,
      'Ya existe un cliente con esta identificación: Cliente Existente. Puede usarlo en esta factura.'
    )

    // The same identification in another company is a different customer.
    const other = await createCompany('OWNER')
    const elsewhere = await quick(client, other.user, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Otro Nombre',
    })
    elsewhere.assertStatus(201)
    assert.notEqual(elsewhere.body().customer.id, existing.id)
  })

  test('a deactivated customer is reported, not offered', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createCustomer(tenant, {
      identification: '1710034065',
      legalName: 'Cliente Antiguo',
      isActive: false,
    })
    const response = await quick(client, user, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Cliente Antiguo',
    })
    response.assertStatus(409)
    assert.isFalse(response.body().existing.isActive)
    assert.match(response.body().message, /desactivado/)
  })

  test('a read-only member cannot create customers', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('READONLY')
    const response = await quick(client, user, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Juan Carlos Andrade',
    })
    response.assertStatus(403)
    const count = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .count('* as n')
    assert.equal(Number(count[0].$extras.n), 0)
  })
})
