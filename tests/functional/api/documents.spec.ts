import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import Customer from '#catalog/models/customer'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { tenantContext } from '#tenancy/tenant_context'
import { invoiceInput, issuingGroup, type EcCompany } from '#tests/helpers/invoicing'
import { createApiCompany } from '#tests/helpers/api'
import { fingerprintOf } from '#api/idempotency'

async function authorize(company: EcCompany, documentId: number) {
  return tenantContext.run(company.tenant, async () => {
    for (let round = 0; round < 10; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      if (outcome.next === 'done') break
    }
    return Document.findOrFail(documentId)
  })
}

async function documentCount(company: EcCompany) {
  const rows = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
  return Number(rows[0].$extras.n)
}

test.group('REST API: documents', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('create-and-issue: numbered, signed and queued like the form; read back, downloaded as XML and PDF once authorized', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const created = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json(invoiceInput(company))
    created.assertStatus(201)
    const document = created.body().data
    assert.equal(document.status, 'ISSUED')
    assert.equal(document.number, '001-001-000000001')
    assert.lengthOf(document.accessKey, 49)
    assert.equal(document.total, '179.00')
    assert.lengthOf(document.lines, 2)

    const xml = await client.get(`/api/v1/documents/${document.id}/xml`).bearerToken(company.token)
    xml.assertStatus(200)
    assert.include(xml.header('content-type'), 'application/xml')
    assert.include(xml.text(), document.accessKey)

    await authorize(company, document.id)
    const read = await client.get(`/api/v1/documents/${document.id}`).bearerToken(company.token)
    read.assertStatus(200)
    assert.equal(read.body().data.status, 'AUTHORIZED')
    assert.isString(read.body().data.authorizationNumber)

    const pdf = await client.get(`/api/v1/documents/${document.id}/pdf`).bearerToken(company.token)
    pdf.assertStatus(200)
    pdf.assertHeader('content-type', 'application/pdf')
    assert.include(pdf.header('content-disposition'), 'attachment; filename=')
  })

  test('a draft, then issued by its own call; issuing it twice is a 422 with a stable code', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const draft = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json({ ...invoiceInput(company), intent: 'draft' })
    draft.assertStatus(201)
    assert.equal(draft.body().data.status, 'DRAFT')
    assert.isNull(draft.body().data.number)

    const issued = await client
      .post(`/api/v1/documents/${draft.body().data.id}/issue`)
      .bearerToken(company.token)
    issued.assertStatus(200)
    assert.equal(issued.body().data.status, 'ISSUED')
    assert.equal(issued.body().data.number, '001-001-000000001')

    const again = await client
      .post(`/api/v1/documents/${draft.body().data.id}/issue`)
      .bearerToken(company.token)
      .header('accept-language', 'en')
    again.assertStatus(422)
    assert.equal(again.body().errors[0].code, 'document.not_draft')
    assert.isString(again.body().errors[0].message)
  })

  test('invalid documents are refused per field; a customer of nobody is a 422 on customerId', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const invalid = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json({ ...invoiceInput(company), lines: [] })
    invalid.assertStatus(422)
    assert.equal(invalid.body().errors[0].field, 'lines')
    assert.match(invalid.body().errors[0].code, /^validation\./)

    const unknown = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json(invoiceInput(company, { customerId: 2147483000 }))
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'customerId')
    assert.equal(unknown.body().errors[0].code, 'document.customer_not_found')
    assert.equal(await documentCount(company), 0)
  })

  test('credit note against an authorized invoice; refused against one that is not', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const invoice = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json(invoiceInput(company))
    const early = await client
      .post(`/api/v1/documents/${invoice.body().data.id}/credit-notes`)
      .bearerToken(company.token)
      .json({ reason: 'Devolución' })
    early.assertStatus(422)
    assert.equal(early.body().errors[0].code, 'document.credit_needs_authorized')

    await authorize(company, invoice.body().data.id)
    const note = await client
      .post(`/api/v1/documents/${invoice.body().data.id}/credit-notes`)
      .bearerToken(company.token)
      .json({
        reason: 'Devolución de la instalación',
        lines: [{ sourceLineId: invoice.body().data.lines[1].id, quantity: '1' }],
      })
    note.assertStatus(201)
    assert.equal(note.body().data.type, 'credit_note')
    assert.equal(note.body().data.status, 'ISSUED')
    assert.equal(note.body().data.total, '20.50')
    assert.deepEqual(note.body().data.referenced, {
      id: invoice.body().data.id,
      number: '001-001-000000001',
    })
  })

  test('list: filters and cursor pagination, newest first', async ({ client, assert }) => {
    const company = await createApiCompany()
    const ids: number[] = []
    for (let index = 0; index < 3; index++) {
      const created = await client
        .post('/api/v1/documents')
        .bearerToken(company.token)
        .json({ ...invoiceInput(company), intent: index === 1 ? 'draft' : 'issue' })
      ids.push(created.body().data.id)
    }
    const drafts = await client.get('/api/v1/documents?status=DRAFT').bearerToken(company.token)
    assert.deepEqual(
      drafts.body().data.map((row: { id: number }) => row.id),
      [ids[1]]
    )
    const seen: number[] = []
    let cursor = ''
    for (let page = 0; page < 5; page++) {
      const response = await client
        .get(`/api/v1/documents?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .bearerToken(company.token)
      response.assertStatus(200)
      seen.push(...response.body().data.map((row: { id: number }) => row.id))
      if (!response.body().nextCursor) break
      cursor = response.body().nextCursor
    }
    assert.deepEqual(seen, [...ids].reverse())
    const byNumber = await client.get('/api/v1/documents?q=000000002').bearerToken(company.token)
    assert.deepEqual(
      byNumber.body().data.map((row: { number: string }) => row.number),
      ['001-001-000000002']
    )
  })

  test("list: the search finds documents by part of the customer's name, in any case", async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const other = await tenantContext.run(company.tenant, () =>
      Customer.create({
        identificationType: '05',
        identification: '1710034065',
        legalName: 'Ferretería Zambrano Hnos.',
        emails: [],
        isActive: true,
      })
    )
    const create = (customerId: number) =>
      client
        .post('/api/v1/documents')
        .bearerToken(company.token)
        .json({ ...invoiceInput(company), customerId })
    const first = await create(company.customer.id)
    const second = await create(other.id)
    const search = async (q: string) => {
      const response = await client.get('/api/v1/documents').qs({ q }).bearerToken(company.token)
      response.assertStatus(200)
      return response.body().data.map((row: { id: number }) => row.id)
    }
    assert.deepEqual(await search('zambrano'), [second.body().data.id])
    assert.deepEqual(await search('Carlos And'), [first.body().data.id])
    assert.deepEqual(await search('001-001-000000001'), [first.body().data.id])
  })

  test('Idempotency-Key: the same key and body answer the same document; another body is 422; a bad key is 422', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const send = (body: object, key = 'pos-7-ticket-1234') =>
      client
        .post('/api/v1/documents')
        .bearerToken(company.token)
        .header('Idempotency-Key', key)
        .json(body)
    const first = await send(invoiceInput(company))
    first.assertStatus(201)
    const second = await send(invoiceInput(company))
    second.assertStatus(201)
    second.assertHeader('idempotent-replayed', 'true')
    assert.deepEqual(second.body(), first.body())
    assert.equal(await documentCount(company), 1)

    const changed = invoiceInput(company)
    changed.lines[0].quantity = '7'
    const reused = await send(changed)
    reused.assertStatus(422)
    assert.equal(reused.body().errors[0].code, 'idempotency_mismatch')
    assert.equal(reused.body().errors[0].field, 'Idempotency-Key')
    assert.equal(await documentCount(company), 1)

    const bad = await send(invoiceInput(company), 'with spaces inside')
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].code, 'idempotency_key_invalid')

    // A refusal is an answer too: the same request gets it again, a corrected one needs a new key.
    const failed = await send({ ...invoiceInput(company), lines: [] }, 'pos-7-ticket-1235')
    failed.assertStatus(422)
    const repeated = await send({ ...invoiceInput(company), lines: [] }, 'pos-7-ticket-1235')
    repeated.assertStatus(422)
    repeated.assertHeader('idempotent-replayed', 'true')
    assert.deepEqual(repeated.body(), failed.body())
    const corrected = await send(invoiceInput(company), 'pos-7-ticket-1235')
    corrected.assertStatus(422)
    assert.equal(corrected.body().errors[0].code, 'idempotency_mismatch')
    assert.equal(await documentCount(company), 1)
  })

  test('Idempotency-Key on customers and credit notes; keys are per company; one still running answers 409', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const other = await createApiCompany()
    const body = {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Ana Pérez',
    }
    const first = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .header('Idempotency-Key', 'crm-42')
      .json(body)
    first.assertStatus(201)
    const replay = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .header('Idempotency-Key', 'crm-42')
      .json(body)
    replay.assertStatus(201)
    assert.equal(replay.body().data.id, first.body().data.id)
    // Another company may use the same key for its own request.
    const elsewhere = await client
      .post('/api/v1/customers')
      .bearerToken(other.token)
      .header('Idempotency-Key', 'crm-42')
      .json(body)
    elsewhere.assertStatus(201)
    assert.notEqual(elsewhere.body().data.id, first.body().data.id)

    // The same request is still being worked on (its key claimed, no answer stored yet).
    const pending = { ...body, identification: '1710034073' }
    await tenantContext.run(company.tenant, () =>
      db.table('api_idempotency_keys').insert({
        tenant_id: company.tenant.id,
        key: 'crm-43',
        fingerprint: fingerprintOf('POST', '/api/v1/customers', pending),
        created_at: new Date(),
      })
    )
    const running = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .header('Idempotency-Key', 'crm-43')
      .json(pending)
    running.assertStatus(409)
    assert.equal(running.body().errors[0].code, 'idempotency_in_progress')

    const invoice = await client
      .post('/api/v1/documents')
      .bearerToken(company.token)
      .json(invoiceInput(company))
    await authorize(company, invoice.body().data.id)
    const credit = () =>
      client
        .post(`/api/v1/documents/${invoice.body().data.id}/credit-notes`)
        .bearerToken(company.token)
        .header('Idempotency-Key', 'refund-1')
        .json({ reason: 'Devolución total' })
    const note = await credit()
    note.assertStatus(201)
    const again = await credit()
    again.assertStatus(201)
    assert.equal(again.body().data.id, note.body().data.id)
    assert.equal(await documentCount(company), 2)
  })
})
