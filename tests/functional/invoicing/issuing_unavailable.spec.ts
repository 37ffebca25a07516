/*
 * A registered country whose authority does not issue yet (Panama until
 * its HKA transport exists, `capabilities.issuing: false`): the invoice
 * form says so up front, issuing answers with that message instead of a
 * 500, and a draft can still be kept.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Document from '#documents/models/document'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import Customer from '#catalog/models/customer'
import { tenantContext } from '#tenancy/tenant_context'
import { createCompany } from '#tests/helpers/accounts'

async function panamaCompany() {
  const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
  const catalog = await tenantContext.run(tenant, async () => {
    const establishment = await Establishment.create({
      code: '0000',
      name: 'Casa matriz',
      address: 'Calle 50, Ciudad de Panamá',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: establishment.id,
      code: '001',
      description: 'Caja 1',
      isActive: true,
    })
    const customer = await Customer.create({
      identificationType: '02',
      identification: '',
      legalName: 'Consumidor final',
      address: 'Ciudad de Panamá',
      emails: [],
      isActive: true,
    })
    return { establishment, point, customer }
  })
  return { tenant, user, ...catalog }
}

function invoice(company: Awaited<ReturnType<typeof panamaCompany>>, intent: 'issue' | 'draft') {
  return {
    intent,
    customerId: company.customer.id,
    establishmentId: company.establishment.id,
    emissionPointId: company.point.id,
    lines: [
      {
        code: 'CAF',
        description: 'Café de Boquete 500 g',
        quantity: '2',
        unitPrice: '9.50',
        discount: '0',
        taxCategory: 'itbms_7',
      },
    ],
    payments: [{ method: '02', amount: '20.33' }],
  }
}

test.group('Issuing in a country whose authority is not connected yet', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the invoice form says so, with the country’s own defaults', async ({ client }) => {
    const company = await panamaCompany()
    const page = await client.get('/app/documents/create').loginAs(company.user).withInertia()
    page.assertStatus(200)
    page.assertInertiaPropsContains({
      defaults: { taxCategory: 'itbms_7', paymentMethod: '02' },
      issuingUnavailable:
        'La emisión para Panamá aún no está disponible. Puede registrar clientes y productos; los comprobantes se podrán emitir cuando Facturo se conecte con la autoridad tributaria.',
    })
  })

  test('issuing answers with the message, not a 500; a draft is still kept', async ({
    client,
    assert,
  }) => {
    const company = await panamaCompany()
    const refused = await client
      .post('/app/documents')
      .json(invoice(company, 'issue'))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    refused.assertStatus(422)
    assert.match(refused.body().errors[0].message, /^La emisión para Panamá aún no está disponible/)

    const english = await client
      .post('/app/documents')
      .json(invoice(company, 'issue'))
      .header('accept', 'application/json')
      .header('accept-language', 'en')
      .loginAs(company.user)
      .withCsrfToken()
    english.assertStatus(422)
    assert.match(english.body().errors[0].message, /^Issuing for Panama is not available yet/)

    const draft = await client
      .post('/app/documents')
      .json(invoice(company, 'draft'))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    const rows = await tenantContext.run(company.tenant, () => Document.query())
    assert.deepEqual(
      rows.map((row) => row.status),
      ['DRAFT']
    )
  })
})
