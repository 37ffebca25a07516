/*
 * The Panama demo company (the seed: Distribuidora Istmo, its catalog and
 * its demo PAC tokens) issues through the real application and pipeline
 * against the HKA simulator: the owner issues an invoice over HTTP, the
 * job sends it with the company's tokens and it ends AUTHORIZED with the
 * CUFE HKA assigned. When the reply is lost after HKA accepted, the next
 * round asks EstadoDocumento first and the invoice is authorized once.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import queue from '@rlanz/bull-queue/services/main'
import tax from '#adapters/core/services/tax'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Customer from '#catalog/models/customer'
import Establishment from '#catalog/models/establishment'
import Product from '#catalog/models/product'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import TaxSubmission from '#tax/models/tax_submission'
import { PipelineSchedule } from '#tax/backoff'
import { tenantContext } from '#tenancy/tenant_context'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCatalog } from '#database/demo/catalog'
import { seedDemoCertificates } from '#database/demo/certificates'

let simulator: HkaSimulator

async function istmo() {
  await seedDemoAccounts()
  await seedDemoCatalog()
  await seedDemoCertificates()
  const tenant = await Tenant.findByOrFail('slug', 'istmo')
  const owner = await User.findByOrFail('email', 'propietario@istmo.test')
  const catalog = await tenantContext.run(tenant, async () => {
    const establishment = await Establishment.query()
      .where('code', '0000')
      .preload('emissionPoints')
      .firstOrFail()
    const customer = await Customer.query()
      .where('identification', '155596713-2-2015')
      .firstOrFail()
    const rice = await Product.findByOrFail('code', 'ARR-5LB')
    const detergent = await Product.findByOrFail('code', 'DET-2KG')
    return { establishment, point: establishment.emissionPoints[0], customer, rice, detergent }
  })
  return { tenant, owner, ...catalog }
}

/** An invoice with two lines, one exempt and one at 7 %: 2 × 3.95 + 6.50 + 0.455 ITBMS = 14.855 → 14.86. */
function invoice(company: Awaited<ReturnType<typeof istmo>>) {
  return {
    intent: 'issue',
    customerId: company.customer.id,
    establishmentId: company.establishment.id,
    emissionPointId: company.point.id,
    lines: [
      {
        productId: company.rice.id,
        code: company.rice.code,
        description: company.rice.description,
        unit: company.rice.unit,
        quantity: '2',
        unitPrice: company.rice.unitPrice,
        discount: '0',
        taxCategory: company.rice.taxCategory,
      },
      {
        productId: company.detergent.id,
        code: company.detergent.code,
        description: company.detergent.description,
        unit: company.detergent.unit,
        quantity: '1',
        unitPrice: company.detergent.unitPrice,
        discount: '0',
        taxCategory: company.detergent.taxCategory,
      },
    ],
    payments: [{ method: '02', amount: '14.86' }],
  }
}

/** Runs the process job's rounds like the worker would, until it stops asking for more. */
async function drive(tenant: Tenant, documentId: number, maxRounds = 6) {
  return tenantContext.run(tenant, async () => {
    for (let round = 0; round < maxRounds; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      if (outcome.next === 'done') break
    }
    return {
      document: await Document.findOrFail(documentId),
      submission: await TaxSubmission.findOrFail(documentId),
    }
  })
}

test.group('Panama demo company issues through the HKA simulator', (group) => {
  group.setup(async () => {
    await queue.getOrSet('default').obliterate({ force: true })
    simulator = await startHkaSimulator({ port: 0 })
    tax.fake('PA', new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 1_500 }))
    app.container.swap(
      PipelineSchedule,
      () => new PipelineSchedule({ retryBaseMs: 10, pollBaseMs: 10 })
    )
    return async () => {
      const authority = tax.use('PA')
      tax.restore('PA')
      await authority.close()
      await simulator.close()
      app.container.restore(PipelineSchedule)
      await queue.getOrSet('default').obliterate({ force: true })
    }
  })
  group.each.setup(() => {
    simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })

  test('issued over HTTP, sent with the company tokens, authorized with its CUFE', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const response = await client
      .post('/app/documents')
      .json(invoice(company))
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
    assert.lengthOf(simulator.state, 1)
    assert.equal(simulator.state[0].cufe, document.authorizationNumber)
    assert.equal(simulator.state[0].account, 'demo-istmo-token-empresa')
    assert.equal(simulator.state[0].total, '14.86')
    assert.include(simulator.state[0].documento, '<ser:numeroRUC>155596713-2-2015</ser:numeroRUC>')
  })

  test('the reply lost after HKA accepted: EstadoDocumento first, authorized once', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    simulator.setFault({ mode: 'timeout_after_accept', times: 1 })
    const response = await client
      .post('/app/documents')
      .json(invoice(company))
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    response.assertStatus(201)
    const issued = await tenantContext.run(company.tenant, () =>
      Document.query().orderBy('id', 'desc').firstOrFail()
    )
    const { document, submission } = await drive(company.tenant, issued.id)
    assert.equal(document.status, 'AUTHORIZED')
    assert.equal(submission.submitAttempts, 1)
    assert.deepInclude(simulator.stats.calls, { Enviar: 1, EstadoDocumento: 1 })
    assert.lengthOf(simulator.state, 1)
    assert.equal(simulator.state[0].cufe, document.authorizationNumber)
  })

  test('a DGI data error ends REJECTED with its explanation, never resent', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    simulator.setFault({ mode: 'data_error', times: 1 })
    const response = await client
      .post('/app/documents')
      .json(invoice(company))
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    response.assertStatus(201)
    const issued = await tenantContext.run(company.tenant, () =>
      Document.query().orderBy('id', 'desc').firstOrFail()
    )
    const { document, submission } = await drive(company.tenant, issued.id)
    assert.equal(document.status, 'REJECTED')
    assert.include(submission.lastError ?? '', '2007 Error en los ítems')
    assert.equal(simulator.stats.calls.Enviar, 1)
  })
})
