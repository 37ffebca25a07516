import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { PNG } from 'pngjs'
import AuditLog from '#accounts/models/audit_log'
import Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import CompanyLogo from '#tenancy/models/company_logo'
import tax from '#adapters/core/services/tax'
import type { ConformanceFixture } from '#adapters/core/manager'
import { issuerContextFor } from '#certificates/issuer_context'
import { tenantContext } from '#tenancy/tenant_context'
import { readLogoImage } from '#settings/logo_image'
import { CustomerMail } from '#core/mail/customer_mail'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, validRuc, type EcCompany } from '#tests/helpers/invoicing'
import { INSPECT } from '#tests/helpers/tenancy'

const PAGE = '/app/settings/company'

function png(width: number, height: number) {
  const image = new PNG({ width, height })
  image.data.fill(0x80)
  return PNG.sync.write(image)
}

function save(client: any, company: { user: any }, form: Record<string, unknown>, locale = 'es') {
  return client
    .put(PAGE)
    .json(form)
    .header('referer', PAGE)
    .header('accept-language', locale)
    .loginAs(company.user)
    .withCsrfToken()
    .redirects(0)
}

function uploadLogo(client: any, user: any, bytes: Buffer, filename = 'logo.png') {
  return client
    .post(`${PAGE}/logo`)
    .file('logo', bytes, { filename })
    .header('referer', PAGE)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
}

function validForm(company: EcCompany, overrides: Record<string, unknown> = {}) {
  return {
    legalName: 'Ferretería Los Andes Cía. Ltda.',
    tradeName: 'Los Andes',
    address: 'Av. 10 de Agosto N25-30, Quito',
    contactEmail: 'ventas@andes.example',
    contactPhone: '+593 2 255 1234',
    taxId: company.tenant.taxId,
    countryFields: {
      accountingObligated: true,
      specialTaxpayerResolution: '',
      withholdingAgentResolution: '1',
      rimpeRegime: 'entrepreneur',
    },
    ...overrides,
  }
}

/** The conformance fixture a country's provider registered: sample documents and issuers. */
async function fixtureOf(country: 'EC' | 'PA'): Promise<ConformanceFixture> {
  const loaded = await tax.conformanceFixture(country)!()
  return 'default' in loaded ? loaded.default : loaded
}

function auditsOf(tenant: Tenant, action: string) {
  return AuditLog.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenant.id)
    .where('action', action)
    .orderBy('id')
}

test.group('Company settings', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the page shows the company and the fields its country declares', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('settings/company/show')
    const props = page.inertiaProps as any
    assert.equal(props.company.taxId, company.tenant.taxId)
    assert.isFalse(props.taxIdLocked)
    assert.isFalse(props.company.asksCheckDigits)
    const byKey = Object.fromEntries(props.countryFields.map((field: any) => [field.key, field]))
    assert.deepEqual(Object.keys(byKey), [
      'accountingObligated',
      'specialTaxpayerResolution',
      'withholdingAgentResolution',
      'rimpeRegime',
    ])
    assert.equal(byKey.accountingObligated.label, 'Obligado a llevar contabilidad')
    assert.equal(byKey.rimpeRegime.kind, 'select')
    assert.deepEqual(
      byKey.rimpeRegime.options.map((option: any) => option.code),
      ['entrepreneur', 'popular_business']
    )
  })

  test('a Panama company gets its own fields from its adapter, the DV field included', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    const page = await client.get(PAGE).loginAs(user).withInertia()
    page.assertStatus(200)
    const props = page.inertiaProps as any
    assert.isTrue(props.company.asksCheckDigits)
    assert.deepEqual(
      props.countryFields.map((field: any) => [field.key, field.kind, field.required]),
      [['taxpayerType', 'select', true]]
    )
    const refused = await save(
      client,
      { user },
      {
        legalName: tenant.legalName,
        address: tenant.address,
        countryFields: { taxpayerType: '9' },
      }
    )
    refused.assertValidationError(
      'countryFields.taxpayerType',
      'Elige una opción válida para Tipo de contribuyente.'
    )
  })

  test('saving writes the data and the country fields, audited with before and after', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const response = await save(client, company, validForm(company))
    response.assertStatus(302)
    response.assertHeader('location', PAGE)
    response.assertFlashMessage('success', 'Datos de la empresa guardados.')

    const row = await Tenant.findOrFail(company.tenant.id)
    assert.equal(row.legalName, 'Ferretería Los Andes Cía. Ltda.')
    assert.equal(row.contactEmail, 'ventas@andes.example')
    assert.deepEqual(row.countrySettings, {
      accountingObligated: true,
      withholdingAgentResolution: '1',
      rimpeRegime: 'entrepreneur',
    })

    const [entry] = await auditsOf(company.tenant, 'tenant.settings_changed')
    assert.equal(entry.userId, company.user.id)
    assert.equal(entry.entityId, String(company.tenant.id))
    assert.equal(entry.before!.legalName, company.tenant.legalName)
    assert.equal(entry.after!.legalName, 'Ferretería Los Andes Cía. Ltda.')
    assert.deepEqual(entry.before!.countrySettings, {})
    assert.deepEqual((entry.after!.countrySettings as any).rimpeRegime, 'entrepreneur')
    // Only what changed: the tax id stayed.
    assert.notProperty(entry.after!, 'taxId')

    // Saving the same data again changes nothing and audits nothing.
    await save(client, company, validForm(company))
    assert.lengthOf(await auditsOf(company.tenant, 'tenant.settings_changed'), 1)
  })

  test('the adapter receives the settings: XML and RIDE carry them', async ({ client, assert }) => {
    const company = await createEcCompany()
    await save(client, company, validForm(company))
    const row = await Tenant.findOrFail(company.tenant.id)
    const issuer = await issuerContextFor(row)
    assert.include(issuer.identity, {
      accountingObligated: true,
      withholdingAgentResolution: '1',
      rimpeRegime: 'entrepreneur',
      email: 'ventas@andes.example',
      phone: '+593 2 255 1234',
    })
    assert.notProperty(issuer.identity, 'specialTaxpayerResolution')

    const adapter = tax.use('EC')
    const fixture = await fixtureOf('EC')
    const built = await adapter.buildDocument(fixture.sampleDocument(1), issuer)
    assert.include(built.body, '<obligadoContabilidad>SI</obligadoContabilidad>')
    assert.include(built.body, '<agenteRetencion>1</agenteRetencion>')
    assert.include(
      built.body,
      '<contribuyenteRimpe>CONTRIBUYENTE RÉGIMEN RIMPE</contribuyenteRimpe>'
    )
  })

  test('bad values get messages naming the field, in Spanish and English; nothing is saved', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const form = validForm(company, {
      contactEmail: 'no-es-correo',
      contactPhone: 'llámame',
      countryFields: { specialTaxpayerResolution: '1', withholdingAgentResolution: 'abc' },
    })
    const spanish = await save(client, company, form)
    spanish.assertStatus(302)
    spanish.assertValidationError(
      'countryFields.specialTaxpayerResolution',
      'Número de resolución de contribuyente especial: escribe de 3 a 13 letras o dígitos.'
    )
    spanish.assertValidationError(
      'countryFields.withholdingAgentResolution',
      'Resolución de agente de retención: escribe hasta 8 dígitos.'
    )
    spanish.assertValidationError(
      'contactEmail',
      'Escribe un correo válido, por ejemplo nombre@empresa.com.'
    )
    spanish.assertValidationError(
      'contactPhone',
      'Escribe el teléfono con 6 a 20 dígitos (puede empezar con + y llevar espacios, guiones o paréntesis).'
    )

    const english = await save(client, company, form, 'en')
    english.assertValidationError(
      'countryFields.specialTaxpayerResolution',
      'Special taxpayer resolution number: write 3 to 13 letters or digits.'
    )

    const empty = await save(client, company, validForm(company, { legalName: '' }))
    empty.assertValidationError('legalName', 'Completa el campo razón social.')

    const row = await Tenant.findOrFail(company.tenant.id)
    assert.equal(row.legalName, company.tenant.legalName)
    assert.deepEqual(row.countrySettings, {})
    assert.lengthOf(await auditsOf(company.tenant, 'tenant.settings_changed'), 0)
  })

  test('the tax id can change before the first document, checked by the country; not after', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invalid = await save(client, company, validForm(company, { taxId: '1790000000002' }))
    invalid.assertStatus(302)
    invalid.assertValidationError(
      'taxId',
      'Número de identificación tributaria: El RUC de un emisor termina en 001.'
    )

    const newRuc = validRuc()
    const changed = await save(client, company, validForm(company, { taxId: newRuc }))
    changed.assertFlashMessage('success', 'Datos de la empresa guardados.')
    const renamed = await Tenant.findOrFail(company.tenant.id)
    assert.equal(renamed.taxId, newRuc)

    const draft = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    assert.isNotNull(
      await Document.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', company.tenant.id)
        .first()
    )

    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    assert.isTrue((page.inertiaProps as any).taxIdLocked)
    const locked = await save(client, company, validForm(company, { taxId: validRuc() }))
    locked.assertValidationError(
      'taxId',
      'El número de identificación tributaria ya no se puede cambiar: tu empresa emitió comprobantes con él.'
    )
    const kept = await Tenant.findOrFail(company.tenant.id)
    assert.equal(kept.taxId, newRuc)
  })

  test('operators and read-only members cannot see or change the settings', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    for (const role of ['OPERATOR', 'READONLY'] as const) {
      const member = await createUser()
      await addMember(company.tenant, member, role, { isDefault: true })
      const page = await client.get(PAGE).loginAs(member).withInertia()
      page.assertStatus(403)
      const nav = await client.get('/app').loginAs(member).withInertia()
      const hrefs = ((nav.inertiaProps as any).navigation ?? []).map((item: any) => item.href)
      assert.notInclude(hrefs, PAGE)
      const change = await save(client, { user: member }, validForm(company))
      change.assertStatus(403)
      const logo = await uploadLogo(client, member, png(64, 64))
      logo.assertStatus(403)
    }
    assert.lengthOf(await auditsOf(company.tenant, 'tenant.settings_changed'), 0)
  })

  test('a PNG logo is stored, served, audited and drawn on the RIDE and the CAFE', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const bytes = png(300, 120)
    const response = await uploadLogo(client, company.user, bytes)
    response.assertStatus(302)
    response.assertFlashMessage(
      'success',
      'Logo guardado: aparecerá en tus comprobantes impresos y en los correos.'
    )
    const stored = await CompanyLogo.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .firstOrFail()
    assert.equal(stored.contentType, 'image/png')
    assert.equal(stored.width, 300)
    assert.equal(stored.height, 120)

    const served = await client.get(`${PAGE}/logo`).loginAs(company.user)
    served.assertStatus(200)
    assert.equal(served.header('content-type'), 'image/png')

    const [entry] = await auditsOf(company.tenant, 'tenant.logo_changed')
    assert.isNull(entry.before)
    assert.deepInclude(entry.after, { contentType: 'image/png', width: 300, height: 120 })

    for (const country of ['EC', 'PA'] as const) {
      const fixture = await fixtureOf(country)
      const issuer = await fixture.issuer()
      const printable = {
        issuer: issuer.identity,
        document: fixture.sampleDocument(1),
        authorityKey: '1'.repeat(49),
        environment: 'test' as const,
        number: '001-001-000000001',
      }
      const without = await tax.use(country).renderDocumentPdf(printable)
      const withLogo = await tax.use(country).renderDocumentPdf({ ...printable, logo: bytes })
      // The RIDE draws its barcode as an image too; the logo adds its own
      // (and, with transparency, its soft mask).
      const images = (pdf: Buffer) => pdf.toString('latin1').split('/Subtype /Image').length - 1
      assert.isAbove(images(withLogo), images(without), country)
    }

    const removed = await client
      .delete(`${PAGE}/logo`)
      .header('referer', PAGE)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    removed.assertStatus(302)
    assert.isNull(
      await CompanyLogo.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', company.tenant.id)
        .first()
    )
    assert.lengthOf(await auditsOf(company.tenant, 'tenant.logo_changed'), 2)
  })

  test('a logo that is not a PNG or JPEG, too heavy or the wrong size is refused with why', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from('no soy una imagen'), 'logo.png', 'El logo debe ser una imagen PNG o JPEG.'],
      [png(64, 64), 'logo.gif', 'El logo debe ser una imagen PNG o JPEG.'],
      [
        png(2400, 40),
        'logo.png',
        'El logo mide 2400×40 píxeles: debe medir entre 32 y 2000 píxeles de ancho y de alto.',
      ],
      [
        png(10, 10),
        'logo.png',
        'El logo mide 10×10 píxeles: debe medir entre 32 y 2000 píxeles de ancho y de alto.',
      ],
      [
        Buffer.concat([png(64, 64), Buffer.alloc(600 * 1024)]),
        'logo.png',
        'El logo pesa demasiado: el máximo es 512 KB.',
      ],
      // A PNG header with nothing drawable behind it.
      [
        png(64, 64).subarray(0, 40),
        'logo.png',
        'No pudimos leer la imagen del logo: guárdala de nuevo como PNG o JPEG y vuelve a subirla.',
      ],
    ]
    for (const [bytes, filename, message] of cases) {
      const response = await uploadLogo(client, company.user, bytes, filename)
      response.assertStatus(302)
      response.assertValidationError('logo', message)
    }
    assert.isNull(
      await CompanyLogo.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', company.tenant.id)
        .first()
    )
  })

  test('another company never sees the logo: its own route answers 404 and the rows stay apart', async ({
    client,
    assert,
  }) => {
    const first = await createEcCompany()
    const second = await createEcCompany()
    await uploadLogo(client, first.user, png(64, 64)).then((response: any) =>
      response.assertStatus(302)
    )

    const fromSecond = await client.get(`${PAGE}/logo`).loginAs(second.user)
    fromSecond.assertStatus(404)
    const rows = await tenantContext.run(second.tenant, () => CompanyLogo.query())
    assert.lengthOf(rows, 0)
    const own = await tenantContext.run(first.tenant, () => CompanyLogo.query())
    assert.lengthOf(own, 1)
  })
})

test.group('Company logo: what a file really is', () => {
  test('PNG and JPEG headers give the type and size in pixels; anything else is null', ({
    assert,
  }) => {
    assert.deepEqual(readLogoImage(png(33, 44)), { type: 'image/png', width: 33, height: 44 })
    // A minimal baseline JPEG header: SOI, APP0 (JFIF), SOF0 with 120×80.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00,
      0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x50, 0x00, 0x78, 0x03,
      0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ])
    assert.deepEqual(readLogoImage(jpeg), { type: 'image/jpeg', width: 120, height: 80 })
    assert.isNull(readLogoImage(Buffer.from('GIF89a')))
    assert.isNull(readLogoImage(Buffer.from([0xff, 0xd8, 0xff])))
  })
})

test.group('Company logo in customer e-mails', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the logo travels embedded (cid) and the HTML shows it; without one, no image', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    class SampleMail extends CustomerMail {
      prepare() {
        this.compose({
          subject: 'Factura',
          htmlView: 'emails/invoicing/document',
          view: { lang: 'es', heading: 'Factura', rows: [] },
          text: ['Hola'],
        })
      }
    }
    const logo = { content: png(64, 64), contentType: 'image/png' }
    const withLogo = new SampleMail(['cliente@example.com'], company.tenant).withLogo(logo)
    await withLogo.build()
    await withLogo.message.computeContents()
    const message = withLogo.message.toJSON().message
    assert.deepInclude(message.attachments![0], { cid: 'company-logo', contentType: 'image/png' })
    assert.include(String(message.html), 'src="cid:company-logo"')
    assert.include(String(message.html), `alt="${company.tenant.tradeName}"`)

    const plain = new SampleMail(['cliente@example.com'], company.tenant)
    await plain.build()
    await plain.message.computeContents()
    const plainMessage = plain.message.toJSON().message
    assert.isUndefined(plainMessage.attachments)
    assert.notInclude(String(plainMessage.html), '<img')
  })
})
