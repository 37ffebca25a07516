/*
 * Per-line credit limits: across all of an invoice's credit notes, no line
 * gives back more quantity or more amount than it sold.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentLine from '#documents/models/document_line'
import { InvoicingException } from '#documents/errors'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { createDraft, type DraftInput } from '#documents/actions/save_draft'
import { createCreditNote } from '#documents/actions/create_credit_note'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { transition } from '#documents/transitions'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  issuingGroup,
} from '#tests/helpers/invoicing'
import { reload } from '#tests/helpers/tenancy'

/** An AUTHORIZED invoice (the default one: 1 × 120.00 at IVA 15, 2 × 20.50 at IVA 0). */
async function authorizedInvoice(company: EcCompany, input: DraftInput = invoiceInput(company)) {
  return tenantContext.run(company.tenant, async () => {
    const { document } = await issueNewDocument(company.tenant, input)
    for (let round = 0; round < 10; round++) {
      const outcome = await ProcessDocumentJob.run(document.id)
      if (outcome.next === 'done') break
    }
    const invoice = await Document.query().where('id', document.id).preload('lines').firstOrFail()
    if (invoice.status !== 'AUTHORIZED') throw new Error(`the invoice is ${invoice.status}`)
    invoice.lines.sort((a, b) => a.position - b.position)
    return invoice
  })
}

/** The credit notes of an invoice and how many lines they have, as stored. */
function notesOf(company: EcCompany, invoice: Document) {
  return tenantContext.run(company.tenant, async () => {
    const notes = await Document.query()
      .where('referenced_document_id', invoice.id)
      .preload('lines')
      .orderBy('id')
    return notes.map((note) => ({
      status: note.status,
      total: note.total,
      lines: note.lines.map((line) => ({
        sourceLineId: line.sourceLineId,
        quantity: Number(line.quantity),
        subtotal: line.subtotal,
      })),
    }))
  })
}

test.group('Credit notes: limits per invoice line', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  const credit = (
    client: any,
    company: EcCompany,
    invoice: Document,
    lines: Array<{ sourceLineId: number; quantity: string }>,
    locale = 'es'
  ) =>
    client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({ reason: 'Devolución de servicio', lines })
      .header('accept', 'application/json')
      .header('accept-language', locale)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)

  test('a second note over what is left on a line is refused next to that line, nothing saved', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invoice = await authorizedInvoice(company)
    const service = invoice.lines[1]

    // Line 2 sold 2 units: the first note gives back 1 (the invoice balance would allow more).
    const first = await credit(client, company, invoice, [
      { sourceLineId: service.id, quantity: '1' },
    ])
    assert.equal(first.status(), 302)

    const over = await credit(client, company, invoice, [
      { sourceLineId: invoice.lines[0].id, quantity: '1' },
      { sourceLineId: service.id, quantity: '2' },
    ])
    over.assertStatus(422)
    assert.deepEqual(over.body().errors, [
      {
        field: 'lines.1.quantity',
        message: 'Esta línea solo admite 1 más (vendido 2, ya acreditado 1).',
        rule: 'business',
      },
    ])

    // The same line chosen twice in one note adds up.
    const twice = await credit(
      client,
      company,
      invoice,
      [
        { sourceLineId: service.id, quantity: '1' },
        { sourceLineId: service.id, quantity: '0.5' },
      ],
      'en'
    )
    twice.assertStatus(422)
    assert.equal(twice.body().errors[0].field, 'lines.1.quantity')
    assert.equal(twice.body().errors[0].message, 'This line has already been fully credited.')

    // From the page (Inertia form): back to the form with the message next to the line.
    const fromForm = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({
        reason: 'Devolución de servicio',
        lines: [{ sourceLineId: service.id, quantity: '1.5' }],
      })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    fromForm.assertStatus(302)
    fromForm.assertValidationError(
      'lines.0.quantity',
      'Esta línea solo admite 1 más (vendido 2, ya acreditado 1).'
    )

    const notes = await notesOf(company, invoice)
    assert.lengthOf(notes, 1)
    assert.deepEqual(notes[0].lines, [{ sourceLineId: service.id, quantity: 1, subtotal: '20.50' }])
    const lines = await tenantContext.run(
      company.tenant,
      async () => await DocumentLine.query().whereNotNull('source_line_id')
    )
    assert.lengthOf(lines, 1)
  })

  test('exactly what is left is accepted; then the line cannot be chosen any more', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invoice = await authorizedInvoice(company)
    const service = invoice.lines[1]

    for (const quantity of ['0.5', '1.5']) {
      const response = await credit(client, company, invoice, [
        { sourceLineId: service.id, quantity },
      ])
      assert.equal(response.status(), 302, `crediting ${quantity}`)
    }
    const notes = await notesOf(company, invoice)
    assert.deepEqual(
      notes.map((note) => [note.status, note.total]),
      [
        ['ISSUED', '10.25'],
        ['ISSUED', '30.75'],
      ]
    )

    const more = await credit(client, company, invoice, [
      { sourceLineId: service.id, quantity: '0.000001' },
    ])
    more.assertStatus(422)
    assert.deepEqual(more.body().errors[0], {
      field: 'lines.0.quantity',
      message: 'Esta línea ya se acreditó por completo.',
      rule: 'business',
    })
    // The page (server-rendered) no longer offers the line, and caps the other one.
    const page = await client
      .get(`/app/documents/${invoice.id}/credit-notes/create`)
      .loginAs(company.user)
    page.assertStatus(200)
    assert.include(page.text(), 'Acreditada por completo')
    assert.include(page.text(), 'Máximo 1')
    assert.equal(page.text().match(/inputmode="decimal"/g)?.length, 1)

    // The other line is still open.
    const other = await credit(client, company, invoice, [
      { sourceLineId: invoice.lines[0].id, quantity: '1' },
    ])
    assert.equal(other.status(), 302)
    assert.lengthOf(await notesOf(company, invoice), 3)
  })

  test('the credit note page shows per line what was sold, credited and is left', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invoice = await authorizedInvoice(company)
    const response = await credit(client, company, invoice, [
      { sourceLineId: invoice.lines[1].id, quantity: '1' },
    ])
    assert.equal(response.status(), 302)

    const page = await client
      .get(`/app/documents/${invoice.id}/credit-notes/create`)
      .loginAs(company.user)
      .withInertia()
    page.assertStatus(200)
    const props = page.inertiaProps as any
    assert.deepEqual(props.lines, [
      {
        id: invoice.lines[0].id,
        code: 'SKU-001',
        description: 'Taladro percutor 650 W',
        unitPrice: '120',
        taxCategory: 'iva_15',
        sold: { quantity: '1', amount: '120.00' },
        credited: { quantity: '0', amount: '0.00' },
        remaining: { quantity: '1', amount: '120.00' },
        remainingDiscount: '0.00',
      },
      {
        id: invoice.lines[1].id,
        code: 'SRV-01',
        description: 'Instalación',
        unitPrice: '20.5',
        taxCategory: 'iva_0',
        sold: { quantity: '2', amount: '41.00' },
        credited: { quantity: '1', amount: '20.50' },
        remaining: { quantity: '1', amount: '20.50' },
        remainingDiscount: '0.00',
      },
    ])
    assert.deepEqual(props.balance, { credited: '20.50', balance: '158.50' })
  })

  test('a rejected credit note frees what it credited; a leftover draft holds nothing', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invoice = await authorizedInvoice(company)
    const service = invoice.lines[1]
    const all = [{ sourceLineId: service.id, quantity: '2' }]

    const first = await credit(client, company, invoice, all)
    first.assertStatus(302)
    const second = await credit(client, company, invoice, all)
    second.assertStatus(422)
    assert.equal(second.body().errors[0].message, 'Esta línea ya se acreditó por completo.')

    await tenantContext.run(company.tenant, async () => {
      const note = await Document.query().where('referenced_document_id', invoice.id).firstOrFail()
      assert.isTrue(await transition(note, 'REJECTED', { kind: 'rejected' }))
      // A draft never issued (left by a failed issue) does not count either.
      await createDraft(
        company.tenant,
        {
          customerId: invoice.customerId,
          establishmentId: invoice.establishmentId,
          emissionPointId: invoice.emissionPointId,
          lines: [
            {
              sourceLineId: service.id,
              code: service.code,
              description: service.description,
              quantity: '2',
              unitPrice: service.unitPrice,
              taxCategory: service.taxCategory,
            },
          ],
        },
        {
          type: 'credit_note',
          referencedDocumentId: invoice.id,
          reason: 'Borrador',
          buyer: { customerId: invoice.customerId, buyer: invoice.buyer },
        }
      )
    })

    const page = await client
      .get(`/app/documents/${invoice.id}/credit-notes/create`)
      .loginAs(company.user)
      .withInertia()
    const props = page.inertiaProps as any
    assert.deepEqual(props.lines[1].remaining, { quantity: '2', amount: '41.00' })

    const freed = await credit(client, company, invoice, all)
    freed.assertStatus(302)
    const notes = await notesOf(company, invoice)
    assert.deepEqual(
      notes.map((note) => note.status),
      ['REJECTED', 'DRAFT', 'ISSUED']
    )

    // The leftover draft cannot be issued on its own: that would skip the line limits.
    const draft = await tenantContext.run(company.tenant, () =>
      Document.query()
        .where('referenced_document_id', invoice.id)
        .where('status', 'DRAFT')
        .firstOrFail()
    )
    const issueDraft = await client
      .post(`/app/documents/${draft.id}/issue`)
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    issueDraft.assertStatus(422)
    assert.match(issueDraft.body().errors[0].message, /no llegó a emitirse/)
    await reload(draft)
    assert.equal(draft.status, 'DRAFT')
    assert.isNull(draft.sequential)
  })

  test('a discounted line credited in parts adds up to its subtotal, never a cent more', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const invoice = await authorizedInvoice(
      company,
      invoiceInput(company, {
        lines: [
          {
            code: 'SRV-02',
            description: 'Mantenimiento',
            quantity: '3',
            unitPrice: '1.00',
            discount: '0.10',
            taxCategory: 'iva_0',
          },
        ],
        payments: [{ method: '01', amount: '2.90' }],
      })
    )
    const line = invoice.lines[0]
    for (let part = 0; part < 3; part++) {
      const response = await credit(client, company, invoice, [
        { sourceLineId: line.id, quantity: '1' },
      ])
      assert.equal(response.status(), 302, `part ${part + 1}`)
    }
    const notes = await notesOf(company, invoice)
    // 0.10 of discount given back as 0.03 + 0.04 + 0.03 (in proportion to what is left).
    assert.deepEqual(
      notes.map((note) => note.total),
      ['0.97', '0.96', '0.97']
    )
    const page = await client
      .get(`/app/documents/${invoice.id}/credit-notes/create`)
      .loginAs(company.user)
      .withInertia()
    assert.deepEqual((page.inertiaProps as any).lines[0].remaining, {
      quantity: '0',
      amount: '0.00',
    })
  })
})

/**
 * Simultaneous credit notes need real concurrent transactions on separate
 * connections, so these tests commit their rows (no global transaction)
 * and delete the companies at the end.
 */
test.group('Credit notes: simultaneous notes on one invoice', (group) => {
  const pipeline = issuingGroup(group)

  async function race(company: EcCompany, invoiceId: number, quantities: string[], position = 2) {
    const outcomes = await Promise.allSettled(
      quantities.map((quantity) =>
        tenantContext.run(company.tenant, async () => {
          const invoice = await Document.findOrFail(invoiceId)
          const lines = await DocumentLine.query()
            .where('document_id', invoiceId)
            .orderBy('position')
          return createCreditNote(company.tenant, invoice, {
            reason: 'Devolución',
            lines: [{ sourceLineId: lines[position - 1].id, quantity }],
          })
        })
      )
    )
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected' && !(outcome.reason instanceof InvoicingException)) {
        throw outcome.reason
      }
    }
    return outcomes
  }

  test('two notes that together exceed a line: exactly one is issued', async ({ assert }) => {
    const company = pipeline.removeAfterwards(await createEcCompany())
    const invoice = await authorizedInvoice(company)

    const outcomes = await race(company, invoice.id, ['2', '2'])
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1)
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')!
    const error = (refused as PromiseRejectedResult).reason as InvoicingException
    assert.equal(error.translationKey, 'invoicing.errors.credit_line_exhausted')
    assert.equal(error.field, 'lines.0.quantity')

    const notes = await notesOf(company, invoice)
    assert.deepEqual(
      notes.map((note) => [note.status, note.lines[0].quantity]),
      [['ISSUED', 2]]
    )
  })

  test('six one-unit notes on a two-unit line: exactly two are issued, numbered in a row', async ({
    assert,
  }) => {
    const company = pipeline.removeAfterwards(await createEcCompany())
    const invoice = await authorizedInvoice(company)

    const outcomes = await race(company, invoice.id, ['1', '1', '1', '1', '1', '1'])
    const issued = outcomes
      .filter(
        (outcome): outcome is PromiseFulfilledResult<Document> => outcome.status === 'fulfilled'
      )
      .map((outcome) => outcome.value.number)
      .sort()
    assert.deepEqual(issued, ['001-001-000000001', '001-001-000000002'])
    const notes = await notesOf(company, invoice)
    assert.lengthOf(notes, 2)
  })
  test('simultaneous parts of a discounted line are planned again and add up exactly', async ({
    assert,
  }) => {
    const company = pipeline.removeAfterwards(await createEcCompany())
    const invoice = await authorizedInvoice(
      company,
      invoiceInput(company, {
        lines: [
          {
            code: 'SRV-02',
            description: 'Mantenimiento',
            quantity: '3',
            unitPrice: '1.00',
            discount: '0.10',
            taxCategory: 'iva_0',
          },
        ],
        payments: [{ method: '01', amount: '2.90' }],
      })
    )

    // Each plans 0.03 of discount; whoever comes later finds less left and plans again.
    const outcomes = await race(company, invoice.id, ['1', '1', '1'], 1)
    assert.isTrue(outcomes.every((outcome) => outcome.status === 'fulfilled'))
    const notes = await notesOf(company, invoice)
    assert.deepEqual(notes.map((note) => note.total).sort(), ['0.96', '0.97', '0.97'])
  })
})
