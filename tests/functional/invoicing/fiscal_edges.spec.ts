/*
 * Fiscal edge cases through the HTTP routes and the real pipeline (SRI
 * simulator): markup characters in additional information, characters XML
 * cannot carry, the rounding gap of large invoices, and the authorized XML
 * as SRI returns it.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { DOMParser } from '@xmldom/xmldom'
import { computeDocument, money } from '#adapters/ecuador_sri/money'
import { randomInvoice, seededRandom } from '#adapters/ecuador_sri/testing/random_documents'
import { sampleCredential, todayInEcuador } from '#adapters/ecuador_sri/testing/fixtures'
import { verifyWithXmlsec } from '#adapters/ecuador_sri/testing/xml_checks'
import { tenantContext } from '#tenancy/tenant_context'
import Customer from '#catalog/models/customer'
import Document from '#documents/models/document'
import DocumentMail from '#documents/mail/document_mail'
import SendDocumentEmailJob from '#documents/jobs/send_document_email_job'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
} from '#tests/helpers/invoicing'

async function runPipeline(company: EcCompany, documentId: number) {
  return tenantContext.run(company.tenant, async () => {
    for (let round = 0; round < 10; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      if (outcome.next === 'done') break
    }
    return Document.findOrFail(documentId)
  })
}

function issue(client: any, company: EcCompany, body: Record<string, unknown>) {
  return client
    .post('/app/documents')
    .json(body)
    .header('accept', 'application/json')
    .loginAs(company.user)
    .withCsrfToken()
}

const countDocuments = async (company: EcCompany) => {
  const rows = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
  return Number(rows[0].$extras.n)
}

/** The comprobante inside `<comprobante><![CDATA[…]]></comprobante>`, CDATA sections joined. */
function cdataComprobante(authorized: string): string {
  const match = /<comprobante>((?:<!\[CDATA\[[\s\S]*?\]\]>)+)<\/comprobante>/.exec(authorized)
  if (!match) throw new Error('no CDATA comprobante')
  return [...match[1].matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((part) => part[1]).join('')
}

test.group('Fiscal edges over HTTP', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('">" and other markup in an additional-info name: issued, authorized, never a 500', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const created = await issue(client, company, {
      ...invoiceInput(company, {
        additionalInfo: [
          { name: 'Saldo > 30 días', value: 'Pagar antes del 5' },
          { name: 'Nota <interna> & "urgente"', value: 'a/>b x=\'y\' xmlns="urn:z"' },
        ],
      }),
    })
    created.assertStatus(201)
    const document = await runPipeline(company, created.body().id)
    assert.equal(document.status, 'AUTHORIZED')
    assert.include(document.signedXml!, '<campoAdicional nombre="Saldo > 30 días">')
    assert.include(document.signedXml!, 'nombre="Nota &lt;interna> &amp; &quot;urgente&quot;"')

    const page = await client
      .get(`/app/documents/${document.id}`)
      .loginAs(company.user)
      .withInertia()
    page.assertStatus(200)
    assert.deepInclude((page.inertiaProps as any).document.additionalInfo, {
      name: 'Saldo > 30 días',
      value: 'Pagar antes del 5',
    })
  })

  test('characters XML cannot carry: field messages at input, nothing issued', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company)
    input.lines[1].description = 'Instalación\uFFFF'
    input.additionalInfo = [{ name: 'Nota\uD800', value: 'ok' }]
    const response = await issue(client, company, input as any)
    response.assertStatus(422)
    const fields = (response.body().errors as Array<{ field: string; message: string }>).map(
      (error) => error.field
    )
    assert.includeMembers(fields, ['lines.1.description', 'additionalInfo.0.name'])
    assert.include(response.body().errors[0].message, 'comprobantes electrónicos')
    assert.equal(await countDocuments(company), 0)
  })

  test('a stored customer name with U+FFFF (older data) is refused by the adapter, not signed', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    // Written around the forms, as data from before the rule would be.
    await tenantContext.run(company.tenant, async () => {
      await Customer.query()
        .where('id', company.customer.id)
        .update({ legal_name: 'Juan Carlos\uFFFF Andrade' })
    })
    const response = await issue(client, company, invoiceInput(company) as any)
    response.assertStatus(422)
    const error = response.body().errors[0]
    assert.equal(error.field, 'customerId')
    assert.equal(error.rule, 'tax.ec.xml_character')
    assert.include(error.message, 'U+FFFF')
    assert.equal(await countDocuments(company), 0)
  })

  test('a credit note reason with a control character gets its field message', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const created = await issue(client, company, invoiceInput(company) as any)
    const invoice = await runPipeline(company, created.body().id)
    assert.equal(invoice.status, 'AUTHORIZED')
    const response = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({ reason: 'Devolución\u0008 parcial' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'reason')
    assert.include(response.body().errors[0].message, 'U+0008')
    assert.equal(await countDocuments(company), 1)
  })

  test('a large invoice records its rounding gap; error 52 is explained with it', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    // seed 9, 300 random lines without ICE: Σ line IVA 15 % ends above the header IVA.
    const random = randomInvoice(seededRandom(9), 300, todayInEcuador())
    for (const line of random.lines) delete line.extraTaxes
    const total = money(computeDocument(random).total)
    const lines = random.lines.map((line) => ({
      code: line.code,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount ?? '0',
      taxCategory: line.taxCategory,
    }))
    const created = await issue(client, company, {
      ...invoiceInput(company, { lines, payments: [{ method: '20', amount: total }] }),
    })
    created.assertStatus(201)
    // Nothing to act on: no warning comes back with the issued document.
    assert.notMatch(JSON.stringify(created.body()), /rounding|redondeo/)

    const stored = await tenantContext.run(company.tenant, () =>
      Document.findOrFail(created.body().id)
    )
    const iva15 = stored.technicalDetails!.taxRounding!.find(
      (candidate) => candidate.category === 'iva_15'
    )!
    assert.equal(stored.technicalDetails!.format, 'factura 2.1.0')
    assert.notEqual(iva15.difference, '0.00')
    assert.include(stored.signedXml!, `<valor>${iva15.amount}</valor>`)

    simulator.setFault({ mode: 'reject52', accessKey: stored.accessKey! })
    const rejected = await runPipeline(company, stored.id)
    assert.equal(rejected.status, 'REJECTED')

    const page = await client.get(`/app/documents/${stored.id}`).loginAs(company.user).withInertia()
    const props = page.inertiaProps as any
    assert.equal(props.document.technical.format, 'factura 2.1.0')
    assert.isTrue(props.document.technical.hasRoundingGap)
    assert.deepInclude(props.document.technical.taxRounding, {
      category: 'iva_15',
      rate: '15',
      base: iva15.base,
      amount: iva15.amount,
      lineAmount: iva15.lineAmount,
      difference: iva15.difference,
    })
    const message = props.timeline.find((entry: any) => entry.kind === 'rejected').messages[0]
    assert.equal(message.code, '52')
    assert.include(message.meaning, 'redondeo')
    assert.include(message.meaning, `diferencia ${iva15.difference}`)
    assert.include(message.meaning, iva15.lineAmount)

    // The server-rendered page shows the technical section and the explanation.
    const html = await client.get(`/app/documents/${stored.id}`).loginAs(company.user)
    html.assertStatus(200)
    assert.include(html.text(), 'Detalles técnicos')
    assert.include(html.text(), 'Redondeo de impuestos')
    assert.include(html.text(), iva15.lineAmount)
    assert.include(html.text(), `diferencia ${iva15.difference}`)
  })

  test('the authorized XML is SRI’s autorizacion with the signed comprobante in CDATA, byte for byte', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    try {
      const company = await createEcCompany()
      const created = await issue(client, company, invoiceInput(company) as any)
      const document = await runPipeline(company, created.body().id)
      assert.equal(document.status, 'AUTHORIZED')

      const authorized = await client.get(`/app/documents/${document.id}/xml`).loginAs(company.user)
      authorized.assertStatus(200)
      assert.include(authorized.header('content-disposition'), 'factura-001-001-000000001.xml')
      const signed = await client
        .get(`/app/documents/${document.id}/xml/signed`)
        .loginAs(company.user)
      signed.assertStatus(200)
      assert.include(signed.header('content-disposition'), 'factura-001-001-000000001-firmado.xml')
      assert.equal(signed.text(), document.signedXml)

      // It parses, and says AUTORIZADO with SRI's fields in SRI's order.
      const errors: string[] = []
      const parsed = new DOMParser({
        errorHandler: {
          error: (m: string) => errors.push(m),
          fatalError: (m: string) => errors.push(m),
        },
      }).parseFromString(authorized.text(), 'text/xml')
      assert.deepEqual(errors, [])
      const root = parsed.documentElement!
      assert.equal(root.nodeName, 'autorizacion')
      const children = Array.from(root.childNodes as ArrayLike<any>)
        .filter((node) => node.nodeType === 1)
        .map((node) => node.nodeName)
      assert.deepEqual(children, [
        'estado',
        'numeroAutorizacion',
        'fechaAutorizacion',
        'ambiente',
        'comprobante',
        'mensajes',
      ])
      const text = (name: string) => root.getElementsByTagName(name)[0].textContent
      assert.equal(text('estado'), 'AUTORIZADO')
      assert.equal(text('numeroAutorizacion'), document.accessKey)
      assert.equal(text('ambiente'), 'PRUEBAS')
      assert.match(text('fechaAutorizacion')!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/)
      const comprobante = root.getElementsByTagName('comprobante')[0]
      assert.equal(comprobante.firstChild!.nodeType, 4, 'a CDATA section')

      // The CDATA content is the signed comprobante, byte for byte, and still verifies.
      const inner = cdataComprobante(authorized.text())
      assert.isTrue(Buffer.from(inner, 'utf8').equals(Buffer.from(document.signedXml!, 'utf8')))
      const verified = verifyWithXmlsec(inner, sampleCredential().p12.ca.pem, 'factura')
      assert.isTrue(verified.valid, verified.output)

      // The page offers both; the customer e-mail attaches the authorized one.
      const page = await client
        .get(`/app/documents/${document.id}`)
        .loginAs(company.user)
        .withInertia()
      assert.isTrue((page.inertiaProps as any).document.hasAuthorizedXml)
      const html = await client.get(`/app/documents/${document.id}`).loginAs(company.user)
      assert.include(html.text(), `/app/documents/${document.id}/xml/signed`)
      assert.include(html.text(), 'Descargar XML autorizado')
      await tenantContext.run(company.tenant, () => SendDocumentEmailJob.send(document.id))
      fake.mails.assertSent(DocumentMail, ({ message }) => {
        const files = (message.nodeMailerMessage.attachments ?? []) as Array<{
          filename?: string
          content?: Buffer | string
          encoding?: BufferEncoding
        }>
        const xml = files.find((file) => file.filename === 'factura-001-001-000000001.xml')!
        const content =
          typeof xml.content === 'string'
            ? Buffer.from(xml.content, xml.encoding ?? 'utf8')
            : xml.content!
        assert.equal(content.toString('utf8'), authorized.text())
        return true
      })
    } finally {
      mail.restore()
    }
  })

  test('another company gets 404 for the signed XML download', async ({ client }) => {
    const owner = await createEcCompany()
    const created = await issue(client, owner, invoiceInput(owner) as any)
    await runPipeline(owner, created.body().id)
    const other = await createEcCompany()
    const response = await client
      .get(`/app/documents/${created.body().id}/xml/signed`)
      .loginAs(other.user)
    response.assertStatus(404)
  })
})
