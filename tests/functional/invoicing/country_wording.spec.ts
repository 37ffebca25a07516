/*
 * Every page a company sees speaks its country's words, from its tax
 * adapter's profile (`profile.terms`, `profile.currency.display`): a Panama
 * company reads ITBMS, CUFE, CAFE, "la DGI", its PAC and amounts in B/.,
 * never Ecuador's IVA, SRI, clave de acceso or RIDE; an Ecuador company
 * keeps its own. The pages are rendered on the server (SSR) and read as
 * text, the way a visitor (or a search engine) sees them; the e-mail to
 * the customer and the documents export are checked likewise.
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import mail from '@adonisjs/mail/services/main'
import type User from '#accounts/models/user'
import DocumentMail from '#documents/mail/document_mail'
import SendDocumentEmailJob from '#documents/jobs/send_document_email_job'
import { tenantContext } from '#tenancy/tenant_context'
import { drive, hkaGroup, issueThroughHka, istmo } from '#tests/helpers/panama'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import testUtils from '@adonisjs/core/services/test_utils'

/** Ecuador's words, which no Panama page may show. */
const ECUADOR_WORDS = /\bIVA\b|\bSRI\b|clave de acceso|\bRIDE\b|Rentas Internas/i

/** The text a visitor reads on the server-rendered page (inside the app root, props left out). */
async function pageText(client: ApiClient, url: string, user: User) {
  const response = await client.get(url).loginAs(user)
  response.assertStatus(200)
  const html = response.text()
  const root = html.slice(html.indexOf('<div id="app"'))
  return visibleText(root.slice(root.indexOf('>') + 1))
}

/** Tags removed, option and placeholder texts kept, entities decoded, spaces collapsed. */
function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<(?:input|textarea)[^>]*\splaceholder="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;|\u00a0/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

test.group('Country wording: Panama', (group) => {
  hkaGroup(group)

  test('documents list and detail: CUFE, CAFE, ITBMS, la DGI and B/.', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)

    const list = await pageText(client, '/app/documents', company.owner)
    assert.include(list, 'Número, cliente o CUFE')
    assert.include(list, 'B/. 14.86')
    assert.notMatch(list, ECUADOR_WORDS)
    assert.notInclude(list, '$')

    const detail = await pageText(client, `/app/documents/${document.id}`, company.owner)
    assert.include(detail, `CUFE ${document.accessKey}`)
    assert.include(detail, 'Descargar CAFE (PDF)')
    // The customer's RUC with its DV, written apart as Panama does.
    assert.include(detail, 'Importadora del Canal, S.A. · 155596713-2-2015 DV 59')
    assert.include(detail, 'ITBMS 7% B/. 0.46')
    assert.include(detail, 'ITBMS 0% B/. 0.00')
    assert.include(detail, 'Total B/. 14.86')
    assert.include(detail, 'Precio unitario')
    assert.include(detail, 'B/. 3.95')
    assert.include(detail, 'Autorizado por la DGI por medio del PAC (The Factory HKA)')
    assert.notMatch(detail, ECUADOR_WORDS)
    assert.notInclude(detail, '$')
  })

  test("invoice and credit-note forms: ITBMS and Panama's payment forms", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const form = await pageText(client, '/app/documents/create', company.owner)
    assert.include(form, 'ITBMS')
    for (const method of [
      'Crédito',
      'Efectivo',
      'Tarjeta de crédito',
      'Tarjeta de débito',
      'Transferencia o depósito a cuenta bancaria',
      'Cheque',
    ]) {
      assert.include(form, method)
    }
    assert.notInclude(form, 'Sin utilización del sistema financiero')
    assert.notMatch(form, ECUADOR_WORDS)

    const { document } = await issueThroughHka(client, company)
    const credit = await pageText(
      client,
      `/app/documents/${document.id}/credit-notes/create`,
      company.owner
    )
    assert.include(credit, 'B/. 14.86')
    assert.notMatch(credit, ECUADOR_WORDS)
    assert.notInclude(credit, '$')
  })

  test('dashboard, reports, receivables and downloads: B/. and ITBMS', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    await issueThroughHka(client, company)
    for (const url of ['/app', '/app/reports', '/app/receivables', '/app/archives']) {
      const text = await pageText(client, url, company.owner)
      assert.notMatch(text, ECUADOR_WORDS, url)
      assert.notInclude(text, '$', url)
    }
    const dashboard = await pageText(client, '/app', company.owner)
    assert.include(dashboard, 'B/. 14.86')
    // The company's tax id is its RUC with the DV.
    assert.include(dashboard, `RUC + DV: ${company.tenant.taxId} DV ${company.tenant.taxIdDv}`)
    const report = await pageText(client, '/app/reports', company.owner)
    assert.include(report, 'ITBMS 7 %')
    assert.include(report, 'B/. 0.46')
  })

  test('catalog, settings and PAC pages: no Ecuador words', async ({ client, assert }) => {
    const company = await istmo()
    const customer = company.customer
    for (const url of [
      '/app/customers',
      '/app/customers/create',
      `/app/customers/${customer.id}/edit`,
      '/app/products',
      '/app/products/create',
      `/app/products/${company.detergent.id}/edit`,
      '/app/settings/certificates',
      '/app/settings/production',
    ]) {
      const text = await pageText(client, url, company.owner)
      assert.notMatch(text, ECUADOR_WORDS, url)
      assert.notInclude(text, '$', url)
    }
    const products = await pageText(client, '/app/products', company.owner)
    assert.include(products, 'ITBMS 7 %')
    // Prices in balboas (PAB, written B/.), at par with the dollars documents state.
    assert.include(products, 'Precio unitario (PAB)')
    // Written the Panamanian way (es-PA: 6.50, 1,234.50), not Ecuador's 6,50.
    assert.match(products, /\b6\.50*\b/)
    assert.notMatch(products, /\b6,50*\b/)
  })

  test('the documents export names the CUFE', async ({ client, assert }) => {
    const company = await istmo()
    await issueThroughHka(client, company)
    const response = await client.get('/app/documents/export/csv').loginAs(company.owner)
    response.assertStatus(200)
    const header = response
      .text()
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]
    assert.include(header, 'CUFE')
    assert.notMatch(header, ECUADOR_WORDS)
  })

  test('the e-mail to the customer: la DGI, CUFE, CAFE, B/.', async ({ client, assert }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const fake = mail.fake()
    try {
      await tenantContext.run(company.tenant, () => SendDocumentEmailJob.send(document.id))
      const sent = fake.mails.sent().find((message) => message instanceof DocumentMail)
      assert.exists(sent, 'the document e-mail was sent')
      const { html, text } = sent!.message.toJSON().message as { html: string; text: string }
      for (const body of [visibleText(html), text.replace(/\u00a0/g, ' ')]) {
        assert.include(body, 'autorizada por la Dirección General de Ingresos')
        assert.include(body, `CUFE`)
        assert.include(body, document.accessKey!)
        assert.include(body, 'B/. 14.86')
        assert.include(body, 'Adjuntamos el CAFE (PDF)')
        assert.notMatch(body, ECUADOR_WORDS)
      }
    } finally {
      mail.restore()
    }
  })
})

test.group('Country wording: Ecuador keeps its own', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('IVA, clave de acceso, RIDE, el SRI and $ on the pages, the e-mail and the export', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'issue' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    created.assertStatus(201)
    const { document } = await drive(company.tenant, created.body().id)
    assert.equal(document.status, 'AUTHORIZED')

    const list = await pageText(client, '/app/documents', company.user)
    assert.include(list, 'Número, cliente o clave de acceso')
    assert.include(list, '$179,00')

    const detail = await pageText(client, `/app/documents/${document.id}`, company.user)
    assert.include(detail, `Clave de acceso ${document.accessKey}`)
    assert.include(detail, 'Descargar RIDE (PDF)')
    assert.include(detail, 'IVA 15% $18,00')
    assert.include(detail, 'Total $179,00')
    assert.include(detail, 'Autorizado por el SRI')
    assert.notInclude(detail, 'PAC')
    assert.notMatch(detail, /ITBMS|CUFE|CAFE|B\/\./)

    const form = await pageText(client, '/app/documents/create', company.user)
    assert.include(form, 'IVA')
    assert.include(form, 'Sin utilización del sistema financiero')
    assert.notMatch(form, /ITBMS|B\/\./)

    const dashboard = await pageText(client, '/app', company.user)
    assert.include(dashboard, `RUC: ${company.tenant.taxId}`)

    const products = await pageText(client, '/app/products', company.user)
    assert.include(products, 'Precio unitario (USD)')
    assert.include(products, '120,00')

    const csv = await client.get('/app/documents/export/csv').loginAs(company.user)
    assert.include(csv.text().split(/\r?\n/)[0], 'Clave de acceso')

    const fake = mail.fake()
    try {
      await tenantContext.run(company.tenant, () => SendDocumentEmailJob.send(document.id))
      const sent = fake.mails.sent().find((message) => message instanceof DocumentMail)
      const { text } = sent!.message.toJSON().message as { text: string }
      assert.include(text, 'autorizada por el Servicio de Rentas Internas')
      assert.include(text, 'Adjuntamos el RIDE (PDF)')
      assert.include(text.replace(/\u00a0/g, ' '), '$179,00')
    } finally {
      mail.restore()
    }
  })
})
