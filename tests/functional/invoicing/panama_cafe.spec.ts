/*
 * The CAFE and the XML of a Panama document: HKA's own (DescargaPDF,
 * DescargaXML) fetched once and kept; when HKA cannot be reached,
 * Facturo's own CAFE with the CUFE, the protocol and the DGI QR.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import { tenantContext } from '#tenancy/tenant_context'
import { hkaGroup, issueThroughHka, istmo } from '#tests/helpers/panama'
import { pdfQrCode, pdfText } from '#tests/helpers/pdf'

test.group('Panama CAFE and XML', (group) => {
  const hka = hkaGroup(group)

  test("authorized from Enviar's reply: CUFE as key, QR URL and protocol kept", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const sent = hka.simulator.state[0]
    assert.equal(document.status, 'AUTHORIZED')
    assert.isTrue(isValidCufe(document.accessKey))
    assert.equal(document.accessKey, sent.cufe)
    assert.equal(document.authorizationNumber, sent.cufe)
    assert.equal(document.verificationUrl, sent.qr)
    assert.include(document.verificationUrl!, `chFE=${sent.cufe}`)
    assert.equal(document.protocolNumber, sent.protocol)
    // Decided in Enviar's reply: nothing asked again.
    assert.equal(hka.simulator.stats.calls.EstadoDocumento, 0)
  })

  test("the PDF is HKA's CAFE, fetched once; the XML is HKA's rFE", async ({ client, assert }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const first = await client.get(`/app/documents/${document.id}/pdf`).loginAs(company.owner)
    first.assertStatus(200)
    first.assertHeader('content-type', 'application/pdf')
    const text = await pdfText(Buffer.from(first.body()))
    assert.include(text, 'Simulador de HKA')
    assert.include(text.replace(/\s+/g, ''), document.accessKey!)

    const second = await client.get(`/app/documents/${document.id}/pdf`).loginAs(company.owner)
    second.assertStatus(200)
    assert.isTrue(Buffer.from(second.body()).equals(Buffer.from(first.body())))
    assert.equal(hka.simulator.stats.calls.DescargaPDF, 1)

    const xml = await client.get(`/app/documents/${document.id}/xml`).loginAs(company.owner)
    xml.assertStatus(200)
    assert.include(xml.text(), '<rFE')
    assert.include(xml.text(), document.accessKey!)
    const kept = await tenantContext.run(company.tenant, () =>
      db.from('document_files').where('document_id', document.id).orderBy('kind')
    )
    assert.deepEqual(
      kept.map((row) => row.kind),
      ['pdf', 'xml']
    )
  })

  test("HKA unreachable: Facturo's own CAFE with the CUFE, protocol and the DGI QR", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    hka.simulator.setFault({ mode: 'down', operation: 'DescargaPDF' })
    const response = await client.get(`/app/documents/${document.id}/pdf`).loginAs(company.owner)
    response.assertStatus(200)
    const pdf = Buffer.from(response.body())
    const text = await pdfText(pdf)
    assert.include(text, 'Comprobante Auxiliar de Factura Electrónica (CAFE)')
    assert.notInclude(text, 'Simulador de HKA')
    assert.include(text, `Protocolo de autorización: ${document.protocolNumber}`)
    assert.include(text.replace(/\s+/g, ''), document.accessKey!)
    assert.include(text, 'ITBMS: B/. 0.46')
    assert.include(text, 'Total: B/. 14.86')
    assert.equal(await pdfQrCode(pdf), document.verificationUrl)
    // One page: the QR sits with the CUFE.
    assert.notInclude(text.trim(), '\f')
    // Not kept: once HKA answers again, its CAFE is fetched.
    hka.simulator.clearFaults()
    const later = await client.get(`/app/documents/${document.id}/pdf`).loginAs(company.owner)
    assert.include(await pdfText(Buffer.from(later.body())), 'Simulador de HKA')
  })
})
