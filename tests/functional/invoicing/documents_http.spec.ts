import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import SendDocumentEmailJob from '#documents/jobs/send_document_email_job'
import DocumentMail from '#documents/mail/document_mail'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  issuingGroup,
} from '#tests/helpers/invoicing'

async function authorize(company: EcCompany, documentId: number) {
  return tenantContext.run(company.tenant, async () => {
    for (let round = 0; round < 10; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      if (outcome.next === 'done') break
    }
    return Document.findOrFail(documentId)
  })
}

test.group('Documents over HTTP', (group) => {
  const { transport } = issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the same Idempotency-Key returns the same document', async ({ client, assert }) => {
    const company = await createEcCompany('OPERATOR')
    const send = () =>
      client
        .post('/app/documents')
        .json(invoiceInput(company))
        .header('Idempotency-Key', 'pos-7-ticket-1234')
        .header('accept', 'application/json')
        .loginAs(company.user)
        .withCsrfToken()

    const first = await send()
    first.assertStatus(201)
    assert.equal(first.body().status, 'ISSUED')
    assert.equal(first.body().number, '001-001-000000001')
    const second = await send()
    second.assertStatus(200)
    assert.equal(second.body().id, first.body().id)
    assert.isTrue(second.body().replayed)

    // The same key with another body is refused: it would answer a document nobody asked for.
    const changed = invoiceInput(company)
    changed.lines[0].quantity = '7'
    const reused = await client
      .post('/app/documents')
      .json(changed)
      .header('Idempotency-Key', 'pos-7-ticket-1234')
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    reused.assertStatus(422)
    assert.match(reused.body().errors[0].message, /clave de idempotencia ya se usó/)

    const count = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 1)

    // Without a key, a new request is a new document with the next number.
    const third = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    third.assertStatus(201)
    assert.equal(third.body().number, '001-001-000000002')
  })

  test('a suspended company cannot issue; its draft is still saved', async ({ client, assert }) => {
    const company = await createEcCompany()
    company.tenant.status = 'SUSPENDED'
    await company.tenant.save()
    const issue = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    issue.assertStatus(422)
    assert.match(issue.body().errors[0].message, /suspendida o cancelada/)
    const none = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(none[0].$extras.n), 0)

    const draft = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    assert.equal(draft.body().status, 'DRAFT')
  })

  test('bad input gets field messages, not a 500', async ({ client, assert }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company)
    input.lines[0].quantity = 'doce'
    const response = await client
      .post('/app/documents')
      .json(input)
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    response.assertStatus(422)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.include(fields, 'lines.0.quantity')

    // A payment that does not add up is the authority's rule: shown next to the field too.
    const unbalanced = invoiceInput(company, { payments: [{ method: '01', amount: '10.00' }] })
    const refused = await client
      .post('/app/documents')
      .json(unbalanced)
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    refused.assertStatus(422)
    assert.isAbove(refused.body().errors.length, 0)
    assert.isString(refused.body().errors[0].message)
  })

  test('another company cannot see, download or act on a document (404)', async ({
    client,
    assert,
  }) => {
    const a = await createEcCompany()
    const b = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json(invoiceInput(a))
      .header('accept', 'application/json')
      .loginAs(a.user)
      .withCsrfToken()
    const id = created.body().id
    await authorize(a, id)

    for (const path of [
      `/app/documents/${id}`,
      `/app/documents/${id}/xml`,
      `/app/documents/${id}/pdf`,
      `/app/documents/${id}/credit-notes/create`,
    ]) {
      const response = await client.get(path).loginAs(b.user)
      assert.equal(response.status(), 404, path)
    }
    for (const path of [
      `/app/documents/${id}/issue`,
      `/app/documents/${id}/email`,
      `/app/documents/${id}/credit-notes`,
    ]) {
      const response = await client
        .post(path)
        .json({ reason: 'x x x' })
        .loginAs(b.user)
        .withCsrfToken()
      assert.equal(response.status(), 404, path)
    }
    const list = await client.get('/app/documents').loginAs(b.user).withInertia()
    assert.lengthOf(list.inertiaProps.documents as unknown[], 0)
    // The owner sees it.
    const own = await client.get(`/app/documents/${id}`).loginAs(a.user).withInertia()
    own.assertStatus(200)
  })

  test('downloads: signed/authorized XML and the RIDE PDF', async ({ client, assert }) => {
    const company = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    const document = await authorize(company, created.body().id)

    const xml = await client.get(`/app/documents/${document.id}/xml`).loginAs(company.user)
    xml.assertStatus(200)
    assert.include(xml.header('content-type'), 'application/xml')
    assert.include(xml.header('content-disposition'), 'factura-001-001-000000001.xml')
    assert.include(xml.text(), document.accessKey!)

    const pdf = await client.get(`/app/documents/${document.id}/pdf`).loginAs(company.user)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    assert.equal(Buffer.from(pdf.body()).subarray(0, 5).toString(), '%PDF-')
  })

  test('authorized documents are e-mailed with PDF and XML; resend works', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    try {
      const company = await createEcCompany()
      const created = await client
        .post('/app/documents')
        .json(invoiceInput(company))
        .header('accept', 'application/json')
        .loginAs(company.user)
        .withCsrfToken()
      const document = await authorize(company, created.body().id)
      assert.equal(document.emailStatus, 'queued')

      await tenantContext.run(company.tenant, () => SendDocumentEmailJob.send(document.id))
      fake.mails.assertSent(DocumentMail, ({ message }) => {
        message.assertTo('juan.andrade@example.com')
        message.assertSubject(`Factura 001-001-000000001 de ${company.tenant.tradeName}`)
        // attachData() attachments are not searchable with assertAttachment: read them directly.
        const files = (message.nodeMailerMessage.attachments ?? []) as Array<{
          filename?: string
          contentType?: string
          content?: Buffer
        }>
        const pdf = files.find((file) => file.filename === 'factura-001-001-000000001.pdf')
        const xml = files.find((file) => file.filename === 'factura-001-001-000000001.xml')
        assert.equal(pdf?.contentType, 'application/pdf')
        assert.isOk(pdf?.content)
        assert.equal(xml?.contentType, 'application/xml')
        assert.isOk(xml?.content)
        return true
      })
      const sent = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
      assert.equal(sent.emailStatus, 'sent')
      assert.isNotNull(sent.emailedAt)

      const resend = await client
        .post(`/app/documents/${document.id}/email`)
        .loginAs(company.user)
        .withCsrfToken()
      resend.assertRedirectsTo(`/app/documents/${document.id}`)
      const queued = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
      assert.equal(queued.emailStatus, 'queued')
    } finally {
      mail.restore()
    }
  })

  test('credit note: chosen lines, through the pipeline; the invoice shows its balance', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    const invoice = await authorize(company, created.body().id)
    const lines = await tenantContext.run(company.tenant, async () => {
      await invoice.load('lines')
      return invoice.lines.sort((x, y) => x.position - y.position)
    })

    // One of the two "Instalación" services given back: 20.50 at IVA 0.
    const response = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({
        reason: 'Servicio no prestado',
        lines: [{ sourceLineId: lines[1].id, quantity: '1' }],
      })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const note = await tenantContext.run(company.tenant, () =>
      Document.query().where('type', 'credit_note').firstOrFail()
    )
    assert.equal(note.status, 'ISSUED')
    assert.equal(note.referencedDocumentId, invoice.id)
    assert.equal(note.total, '20.50')
    assert.include(note.signedXml!, '<notaCredito')
    assert.include(note.signedXml!, `<numDocModificado>${invoice.number}</numDocModificado>`)
    const authorizedNote = await authorize(company, note.id)
    assert.equal(authorizedNote.status, 'AUTHORIZED')

    const page = await client
      .get(`/app/documents/${invoice.id}`)
      .loginAs(company.user)
      .withInertia()
    const props = page.inertiaProps as any
    assert.lengthOf(props.creditNotes, 1)
    assert.deepEqual(props.balance, { credited: '20.50', balance: '158.50' })

    // More than what is left is refused with a message.
    const over = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({ reason: 'Devolución total' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    over.assertStatus(422)
    assert.match(over.body().errors[0].message, /supera el saldo/)

    // A credit note against a credit note or a draft is refused too.
    const againstNote = await client
      .post(`/app/documents/${note.id}/credit-notes`)
      .json({ reason: 'No aplica' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    againstNote.assertStatus(404)
  })

  test('the detail page explains a rejection in plain Spanish', async ({ client, assert }) => {
    const company = await createEcCompany()
    const created = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    const document = await tenantContext.run(company.tenant, () =>
      Document.findOrFail(created.body().id)
    )
    // What SRI answers for a bad signature (NO AUTORIZADO, error 39).
    transport.rejectAtStatus(document.accessKey!, [
      {
        code: '39',
        text: 'FIRMA INVALIDA',
        additionalInfo: 'La firma es invalida',
        severity: 'error',
      },
    ])
    await authorize(company, document.id)

    const page = await client
      .get(`/app/documents/${document.id}`)
      .loginAs(company.user)
      .withInertia()
    const props = page.inertiaProps as any
    assert.equal(props.document.status, 'REJECTED')
    const rejected = props.timeline.find((entry: any) => entry.kind === 'rejected')
    const message = rejected.messages[0]
    assert.equal(message.code, '39')
    assert.isString(message.title)
    assert.isString(message.meaning)
    assert.isString(message.remedy)
    assert.match(`${message.title} ${message.meaning}`, /firma/i)
  })

  test('save as draft, edit it, then issue it', async ({ client, assert }) => {
    const company = await createEcCompany('OPERATOR')
    const draft = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    assert.equal(draft.body().status, 'DRAFT')
    assert.isNull(draft.body().number)
    const id = draft.body().id

    const edit = await client.get(`/app/documents/${id}/edit`).loginAs(company.user).withInertia()
    edit.assertStatus(200)
    const props = edit.inertiaProps as any
    assert.equal(props.draft.id, id)
    assert.lengthOf(props.draft.lines, 2)

    const input = invoiceInput(company)
    input.lines = [input.lines[0]]
    input.payments = [{ method: '19', amount: '138.00' }]
    const update = await client
      .put(`/app/documents/${id}`)
      .json({ ...input, intent: 'issue' })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    update.assertStatus(302)
    const issued = await tenantContext.run(company.tenant, async () => {
      const document = await Document.findOrFail(id)
      await document.load('lines')
      return document
    })
    assert.equal(issued.status, 'ISSUED')
    assert.equal(issued.total, '138.00')
    assert.lengthOf(issued.lines, 1)

    // An issued document is no longer editable.
    const again = await client
      .put(`/app/documents/${id}`)
      .json({ ...input, intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    again.assertStatus(422)
  })
})
