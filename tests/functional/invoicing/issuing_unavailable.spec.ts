/*
 * A registered country whose authority does not issue yet
 * (`capabilities.issuing: false`): the invoice form says so up front,
 * issuing answers with that message instead of a 500, and a draft can
 * still be kept. The country is Xlandia (tests/fixtures/country_xx), with
 * its authority marked as not connected.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import tax from '#adapters/core/services/tax'
import type { Capabilities } from '#adapters/core/types'
import Document from '#documents/models/document'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import Customer from '#catalog/models/customer'
import { tenantContext } from '#tenancy/tenant_context'
import { createCompany } from '#tests/helpers/accounts'
import { XxAuthority, dniLetter, xxTaxId } from '#tests/fixtures/country_xx/xx_authority'

/** Xlandia, registered while its authority is not connected yet. */
function notConnected() {
  const authority = new XxAuthority()
  const capabilities: Capabilities = { ...authority.capabilities, issuing: false }
  return Object.assign(authority, { capabilities })
}

const DNI = `12345678${dniLetter('12345678')}`

async function unconnectedCompany() {
  const { tenant, user } = await createCompany('OWNER', {
    country: 'XX',
    taxId: xxTaxId('27182818'),
    taxIdDv: null,
    currency: 'EUR',
  })
  const catalog = await tenantContext.run(tenant, async () => {
    const establishment = await Establishment.create({
      code: '001',
      name: 'Boutique',
      address: '12 quai des Pêcheurs, Port-Xavier',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: establishment.id,
      code: '001',
      description: 'Caisse 1',
      isActive: true,
    })
    const customer = await Customer.create({
      identificationType: 'DNI',
      identification: DNI,
      legalName: 'Lucie Bernard',
      address: '3 rue Haute, Port-Xavier',
      emails: [],
      isActive: true,
    })
    return { establishment, point, customer }
  })
  return { tenant, user, ...catalog }
}

function invoice(
  company: Awaited<ReturnType<typeof unconnectedCompany>>,
  intent: 'issue' | 'draft'
) {
  return {
    intent,
    customerId: company.customer.id,
    establishmentId: company.establishment.id,
    emissionPointId: company.point.id,
    lines: [
      {
        code: 'PAIN',
        description: 'Pain de campagne',
        quantity: '3',
        unitPrice: '4.20',
        discount: '0',
        taxCategory: 'vat_10',
      },
    ],
    payments: [{ method: 'virement', amount: '13.86' }],
  }
}

test.group('Issuing in a country whose authority is not connected yet', (group) => {
  group.setup(async () => {
    tax.register('XX', notConnected)
    const i18n = await import('@adonisjs/i18n/services/main')
    await i18n.default.reloadTranslations()
    return async () => {
      tax.unregister('XX')
      await i18n.default.reloadTranslations()
    }
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the invoice form says so, with the country’s own defaults', async ({ client }) => {
    const company = await unconnectedCompany()
    const page = await client.get('/app/documents/create').loginAs(company.user).withInertia()
    page.assertStatus(200)
    page.assertInertiaPropsContains({
      defaults: { taxCategory: 'vat_10', paymentMethod: 'virement' },
      issuingUnavailable:
        'La emisión para Xlandia aún no está disponible. Puede registrar clientes y productos; los comprobantes se podrán emitir cuando Facturo se conecte con la autoridad tributaria.',
    })
  })

  test('issuing answers with the message, not a 500; a draft is still kept', async ({
    client,
    assert,
  }) => {
    const company = await unconnectedCompany()
    const refused = await client
      .post('/app/documents')
      .json(invoice(company, 'issue'))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    refused.assertStatus(422)
    assert.match(
      refused.body().errors[0].message,
      /^La emisión para Xlandia aún no está disponible/
    )

    const english = await client
      .post('/app/documents')
      .json(invoice(company, 'issue'))
      .header('accept', 'application/json')
      .header('accept-language', 'en')
      .loginAs(company.user)
      .withCsrfToken()
    english.assertStatus(422)
    assert.match(english.body().errors[0].message, /^Issuing for Xlandia is not available yet/)

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
