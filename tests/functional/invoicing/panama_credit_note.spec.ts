/*
 * A credit note of the Panama demo company goes through the same flow as
 * Ecuador's (per-line limits) and reaches HKA as type 04, referencing the
 * invoice's CUFE and issue date inside datosTransaccion.
 */
import { test } from '@japa/runner'
import Document from '#documents/models/document'
import DocumentLine from '#documents/models/document_line'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import { tenantContext } from '#tenancy/tenant_context'
import { drive, hkaGroup, issueThroughHka, istmo } from '#tests/helpers/panama'

test.group('Panama credit note 04', (group) => {
  const hka = hkaGroup(group)

  test("a credit note for one line is sent as 04 with the invoice's CUFE and date", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document: invoice } = await issueThroughHka(client, company)
    const [rice] = await tenantContext.run(company.tenant, () =>
      DocumentLine.query().where('document_id', invoice.id).orderBy('position')
    )
    const response = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({
        reason: 'Devolución de un saco de arroz',
        lines: [{ sourceLineId: rice.id, quantity: '1' }],
      })
      .loginAs(company.owner)
      .withCsrfToken()
      .redirects(0)
    assert.equal(response.status(), 302, JSON.stringify(response.flashMessages()))
    const note = await tenantContext.run(company.tenant, () =>
      Document.query().where('type', 'credit_note').firstOrFail()
    )
    assert.equal(note.referencedDocumentId, invoice.id)
    assert.equal(note.total, '3.95')

    const { document } = await drive(company.tenant, note.id)
    assert.equal(document.status, 'AUTHORIZED')
    assert.isTrue(isValidCufe(document.accessKey))
    const sent = hka.simulator.state.find((item) => item.cufe === document.accessKey)!
    assert.equal(sent.documentType, '04')
    assert.include(
      sent.documento,
      `<ser:cufeFEReferenciada>${invoice.accessKey}</ser:cufeFEReferenciada>`
    )
    assert.match(sent.documento, /<ser:fechaEmisionDocFiscalReferenciado>\d{4}-\d{2}-\d{2}T/)

    // Over the line's balance: refused by the same per-line limits as Ecuador.
    const over = await client
      .post(`/app/documents/${invoice.id}/credit-notes`)
      .json({ reason: 'Otra devolución', lines: [{ sourceLineId: rice.id, quantity: '2' }] })
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    over.assertStatus(422)
  })
})
