/*
 * The Panama demo company (the seed: Distribuidora Istmo, its catalog and
 * its demo PAC tokens) issues through the real application and pipeline
 * against the HKA simulator: the owner issues an invoice over HTTP, the
 * job sends it with the company's tokens and it ends AUTHORIZED with the
 * CUFE HKA assigned. When the reply is lost after HKA accepted, the next
 * round asks EstadoDocumento first and the invoice is authorized once.
 * A licence without folios ends the document REJECTED, explained as such.
 */
import { test } from '@japa/runner'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import Document from '#documents/models/document'
import { tenantContext } from '#tenancy/tenant_context'
import { drive, hkaGroup, issueThroughHka, istmo, panamaInvoice } from '#tests/helpers/panama'
import type { HkaSimulator } from '#adapters/panama_hka/simulator/server'
import queue from '@rlanz/bull-queue/services/main'
import { QUOTA_QUEUE, quotaRefreshJobId } from '#certificates/quota/queue_quota_refresh'

test.group('Panama demo company issues through the HKA simulator', (group) => {
  const hka = hkaGroup(group)

  test('issued over HTTP, sent with the company tokens, authorized with its CUFE', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const response = await client
      .post('/app/documents')
      .json(panamaInvoice(company))
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    response.assertStatus(201)
    const issued = await tenantContext.run(company.tenant, () =>
      Document.query().orderBy('id', 'desc').firstOrFail()
    )
    assert.equal(issued.number, '0000-001-0000000001')
    assert.equal(issued.total, '14.86')
    assert.match(issued.signedXml!, /^<tem:documento /)
    assert.equal(issued.accessKey, `0101200000010000000001-${company.tenant.taxId}`)

    const { document, submission } = await drive(company.tenant, issued.id)
    assert.equal(document.status, 'AUTHORIZED')
    assert.isTrue(isValidCufe(document.authorizationNumber), document.authorizationNumber ?? '')
    assert.equal(submission.submitAttempts, 1)

    // HKA received it once, from the demo company's account (its tokens).
    assert.lengthOf(hka.simulator.state, 1)
    assert.equal(hka.simulator.state[0].cufe, document.authorizationNumber)
    assert.equal(hka.simulator.state[0].account, 'demo-istmo-token-empresa')
    assert.equal(hka.simulator.state[0].total, '14.86')
    assert.include(
      hka.simulator.state[0].documento,
      '<ser:numeroRUC>155596713-2-2015</ser:numeroRUC>'
    )
  })

  test('the reply lost after HKA accepted: EstadoDocumento first, authorized once', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    hka.simulator.setFault({ mode: 'timeout_after_accept', times: 1 })
    const { document, submission } = await issueThroughHka(client, company)
    assert.equal(document.status, 'AUTHORIZED')
    assert.equal(submission.submitAttempts, 1)
    assert.deepInclude(hka.simulator.stats.calls, { Enviar: 1, EstadoDocumento: 1 })
    assert.lengthOf(hka.simulator.state, 1)
    assert.equal(hka.simulator.state[0].cufe, document.authorizationNumber)
  })

  test('a DGI data error ends REJECTED with its explanation, never resent', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    hka.simulator.setFault({ mode: 'data_error', times: 1 })
    const { document, submission } = await issueThroughHka(client, company)
    assert.equal(document.status, 'REJECTED')
    assert.include(submission.lastError ?? '', '2007 Error en los ítems')
    assert.equal(hka.simulator.stats.calls.Enviar, 1)
  })
})

test.group('Panama: no folios left with the PAC', (group) => {
  const hka = hkaGroup(group)

  for (const [name, exhaust] of [
    [
      'the licence has spent its folios',
      (simulator: HkaSimulator) =>
        simulator.register({
          tokenEmpresa: 'demo-istmo-token-empresa',
          tokenPassword: 'demo-istmo-token-password',
          cycleTotal: 10,
          cycleUsed: 10,
        }),
    ],
    [
      'the simulator refuses for folios (fault mode)',
      (simulator: HkaSimulator) => simulator.setFault({ mode: 'no_folios', times: 1 }),
    ],
  ] as const) {
    test(`${name}: REJECTED, explained as a folio matter, never resent`, async ({
      client,
      assert,
    }) => {
      const company = await istmo()
      exhaust(hka.simulator)
      const { document, submission } = await issueThroughHka(client, company)
      assert.equal(document.status, 'REJECTED')
      assert.equal(hka.simulator.stats.calls.Enviar, 1)
      assert.lengthOf(hka.simulator.state, 0)
      // The explanation says it is the licence, not the document's data.
      assert.include(submission.lastError ?? '', 'Sin folios disponibles')

      const page = await client
        .get(`/app/documents/${document.id}`)
        .loginAs(company.owner)
        .withInertia()
      page.assertStatus(200)
      const text = JSON.stringify(page.inertiaProps)
      assert.include(text, 'Sin folios disponibles')
      assert.include(text, 'Compre o renueve folios con The Factory HKA')

      // The refusal has the company's folios read again (a minute later, once).
      assert.exists(await queue.getOrSet(QUOTA_QUEUE).getJob(quotaRefreshJobId(company.tenant.id)))
    })
  }
})
