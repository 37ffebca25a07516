/*
 * The country seam, proved end to end: Xlandia (XX) is defined only in
 * tests/fixtures/country_xx/ (its adapter and its provider). The provider
 * is booted in the test application, as its line in adonisrc.ts would boot
 * it, and from then on a company of Xlandia registers, keeps customers
 * with Xlandia's identification, and issues an invoice that Xlandia's
 * (fake) authority authorizes, without any file outside that folder
 * knowing the country.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import tax from '#adapters/core/services/tax'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Customer from '#catalog/models/customer'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { tenantContext } from '#tenancy/tenant_context'
import CountryXxProvider from '#tests/fixtures/country_xx/provider'
import { dniLetter, xxTaxId } from '#tests/fixtures/country_xx/xx_authority'
import { createUser } from '#tests/helpers/accounts'

const TAX_ID = xxTaxId('31415926')
const DNI = `12345678${dniLetter('12345678')}`
const OWNER = { email: 'camille@xlandia.test', password: 'soleil-de-mai-2026' }

/** Whether the application knew Xlandia before its provider booted. */
let knownBeforeBoot: boolean | undefined

/** Everything the application is made of: what a new country must not touch. */
const APPLICATION = [
  'adonisrc.ts',
  'package.json',
  'app',
  'adapters',
  'commands',
  'config',
  'database',
  'inertia',
  'providers',
  'resources',
  'start',
  'bin',
]

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path)
  if (!statSync(full).isDirectory()) return [full]
  return readdirSync(full).flatMap((entry) => filesUnder(root, join(path, entry)))
}

function company(overrides: Record<string, string> = {}) {
  return {
    country: 'XX',
    taxId: TAX_ID,
    legalName: 'Boulangerie du Port SARL',
    tradeName: 'Boulangerie du Port',
    address: '12 quai des Pêcheurs, Port-Xavier',
    fullName: 'Camille Martin',
    email: OWNER.email,
    password: OWNER.password,
    password_confirmation: OWNER.password,
    ...overrides,
  }
}

test.group('Country seam | a country added by its provider alone', (group) => {
  group.setup(async () => {
    knownBeforeBoot = tax.has('XX')
    await new CountryXxProvider(app).boot()
    // What the tax provider's start() does once every provider has booted.
    const i18n = await app.container.make('i18n')
    await i18n.reloadTranslations()
    return async () => {
      tax.unregister('XX')
      await i18n.reloadTranslations()
    }
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('Xlandia lives in its folder alone: no application file names it', ({ assert }) => {
    // Nothing registered it before its provider booted ...
    assert.isFalse(knownBeforeBoot)
    // ... and no application file (code, config, translations, the
    // provider list) mentions the country, its folder or its adapter: adding
    // it changed no file outside tests/fixtures/country_xx/.
    const root = app.makePath()
    const mentions = APPLICATION.flatMap((path) => filesUnder(root, path))
      .filter((file) => /Xlandia|country_xx|XxAuthority/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
    assert.deepEqual(mentions, [])
  })

  test('the registered provider makes Xlandia a country of the sign-up form', async ({
    client,
    assert,
  }) => {
    const page = await client.get('/register').withInertia()
    const countries = page.inertiaProps.countries as Array<{ code: string; name: string }>
    assert.deepInclude(
      countries.map(({ code, name }) => ({ code, name })),
      { code: 'XX', name: 'Xlandia' }
    )

    // Its own check digit refuses a wrong NIF, with its own message.
    const refused = await client
      .post('/register')
      .form(company({ taxId: '314159260' }))
      .withCsrfToken()
      .redirects(0)
    refused.assertValidationError(
      'taxId',
      'El NIF tiene 9 dígitos y el último es la suma de los otros módulo 10.'
    )
  })

  test('register, add a customer, issue an invoice and see it authorized', async ({
    client,
    assert,
  }) => {
    // 1. Registration, with the country's tax id.
    const registered = await client.post('/register').form(company()).withCsrfToken().redirects(0)
    registered.assertHeader('location', '/login')
    const tenant = await Tenant.findByOrFail('tax_id', TAX_ID)
    assert.equal(tenant.country, 'XX')
    assert.equal(tenant.currency, 'EUR')
    const owner = await User.findByOrFail('email', OWNER.email)
    const dashboard = await client.get('/app').loginAs(owner).withInertia()
    const messages = dashboard.inertiaProps.messages as Record<string, string>
    assert.equal(messages['ui.tenancy.countries.XX'], 'Xlandia')
    assert.equal(messages['ui.tenancy.authorities.XX'], 'Agencia Tributaria de Xlandia')
    dashboard.assertInertiaPropsContains({
      tenant: {
        country: 'XX',
        money: { currency: 'EUR', locale: 'fr-FR' },
        authority: 'Agencia Tributaria de Xlandia',
        environments: { test: 'Pruebas', production: 'Producción' },
        timeZone: 'Europe/Paris',
      },
      formatLocale: 'fr-FR',
    })

    // Its companies need no credential: the settings page says so instead of asking for a P12.
    const credentials = await client.get('/app/settings/certificates').loginAs(owner).withInertia()
    credentials.assertInertiaComponent('certificates/none')
    credentials.assertInertiaPropsContains({ authorityName: 'Agencia Tributaria de Xlandia' })

    // 2. An establishment: the neutral three-digit code, its first point with it.
    await client
      .post('/app/establishments')
      .form({ code: '001', name: 'Boutique', address: '12 quai des Pêcheurs, Port-Xavier' })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)

    // 3. A customer with Xlandia's identification: a wrong letter is refused, the right one kept.
    const wrongLetter = await client
      .post('/app/customers')
      .form({
        identificationType: 'DNI',
        identification: '12345678A',
        legalName: 'Lucie Bernard',
        address: '3 rue Haute, Port-Xavier',
        emails: 'lucie@example.com',
      })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    wrongLetter.assertValidationError(
      'identification',
      'La letra del DNI no corresponde a sus dígitos.'
    )
    const created = await client
      .post('/app/customers')
      .form({
        identificationType: 'DNI',
        identification: DNI,
        legalName: 'Lucie Bernard',
        address: '3 rue Haute, Port-Xavier',
        emails: 'lucie@example.com',
      })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    created.assertHeader('location', '/app/customers')

    // 4. The invoice form offers the country's taxes, payments and defaults.
    const form = await client.get('/app/documents/create').loginAs(owner).withInertia()
    form.assertInertiaPropsContains({
      defaults: { taxCategory: 'vat_10', paymentMethod: 'virement', addedPaymentMethod: 'cb' },
      paymentMethods: [
        { code: 'virement', label: 'Transferencia' },
        { code: 'cb', label: 'Tarjeta' },
      ],
      issuingUnavailable: null,
    })
    const establishments = form.inertiaProps.establishments as Array<{
      id: number
      points: Array<{ id: number }>
    }>
    const customer = await tenantContext.run(tenant, () =>
      Customer.query().where('identification', DNI).firstOrFail()
    )

    // 5. Issue it.
    const issued = await client
      .post('/app/documents')
      .json({
        customerId: customer.id,
        establishmentId: establishments[0].id,
        emissionPointId: establishments[0].points[0].id,
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
      })
      .header('accept', 'application/json')
      .loginAs(owner)
      .withCsrfToken()
    issued.assertStatus(201)
    assert.equal(issued.body().status, 'ISSUED')
    assert.equal(issued.body().number, '001-001-000000001')

    // 6. The submit job sends it to Xlandia's authority, which authorizes it.
    const documentId = issued.body().id as number
    const document = await tenantContext.run(tenant, async () => {
      for (let round = 0; round < 10; round++) {
        const outcome = await ProcessDocumentJob.run(documentId)
        if (outcome.next === 'done') break
      }
      return Document.findOrFail(documentId)
    })
    assert.equal(document.status, 'AUTHORIZED')
    assert.equal(document.currency, 'EUR')
    assert.equal(document.total, '13.86')
    const authority = tax.use('XX')
    assert.deepEqual(
      authority.callsOf('submit').map((call) => call.authorityKey),
      [document.accessKey]
    )
    // Issued with no certificate anywhere: the country needs no credential.
    assert.isTrue(authority.documents.get(document.accessKey!)?.status === 'authorized')

    // 7. Its files carry the country's names.
    const xml = await client.get(`/app/documents/${documentId}/xml`).loginAs(owner)
    xml.assertStatus(200)
    assert.include(xml.header('content-disposition'), 'facture-001-001-000000001.xml')

    // 8. The platform console filters by the country and reads it from the adapter: the
    //    company needs no credential (valid) and its month's usage is metered in its zone.
    const admin = await createUser({ isSuperAdmin: true })
    const listed = await client.get('/admin/companies?country=XX').loginAs(admin).withInertia()
    listed.assertStatus(200)
    assert.deepEqual(
      (
        listed.inertiaProps.companies as Array<{
          id: number
          credential: string
          documentsThisMonth: number
        }>
      ).map(({ id, credential, documentsThisMonth }) => ({ id, credential, documentsThisMonth })),
      [{ id: tenant.id, credential: 'valid', documentsThisMonth: 1 }]
    )
    const detail = await client.get(`/admin/companies/${tenant.id}`).loginAs(admin).withInertia()
    assert.equal((detail.inertiaProps.detail as any).credential.state, 'valid')
  })
})
