/*
 * The Panama demo company (the seed's Distribuidora Istmo, its catalog and
 * demo PAC tokens) for specs that issue through the HKA simulator: the
 * company, an invoice with one exempt line and one at 7 %, the pipeline's
 * rounds driven like the worker would, and the simulator wired as the
 * registered PA authority for a group.
 */
import type { Group } from '@japa/runner/core'
import type { ApiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import queue from '@rlanz/bull-queue/services/main'
import tax from '#adapters/core/services/tax'
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

export async function istmo() {
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

export type Istmo = Awaited<ReturnType<typeof istmo>>

/** Two lines, one exempt and one at 7 %: 2 × 3.95 + 6.50 + 0.455 ITBMS = 14.855 → 14.86. */
export function panamaInvoice(company: Istmo) {
  const line = (product: Product, quantity: string) => ({
    productId: product.id,
    code: product.code,
    description: product.description,
    unit: product.unit,
    quantity,
    unitPrice: product.unitPrice,
    discount: '0',
    taxCategory: product.taxCategory,
  })
  return {
    intent: 'issue',
    customerId: company.customer.id,
    establishmentId: company.establishment.id,
    emissionPointId: company.point.id,
    lines: [line(company.rice, '2'), line(company.detergent, '1')],
    payments: [{ method: '02', amount: '14.86' }],
  }
}

/** Runs the process job's rounds like the worker would, until it stops asking for more. */
export async function drive(tenant: Tenant, documentId: number, maxRounds = 6) {
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

/** Issues the two-line invoice over HTTP as the owner and drives it to the authority's answer. */
export async function issueThroughHka(client: ApiClient, company: Istmo) {
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
  return drive(company.tenant, issued.id)
}

/**
 * Starts the HKA simulator for the group and registers a PanamaAuthority
 * pointed at it (short timeouts, short pipeline waits). The browser specs
 * use it as it is: their pages talk to a server outside any transaction.
 */
export function hkaSimulatorGroup(group: Group) {
  const handle: { simulator: HkaSimulator } = {} as { simulator: HkaSimulator }
  group.setup(async () => {
    await queue.getOrSet('default').obliterate({ force: true })
    handle.simulator = await startHkaSimulator({ port: 0 })
    tax.fake('PA', new PanamaAuthority({ demoUrl: handle.simulator.serviceUrl, timeoutMs: 1_500 }))
    app.container.swap(
      PipelineSchedule,
      () => new PipelineSchedule({ retryBaseMs: 10, pollBaseMs: 10 })
    )
    return async () => {
      const authority = tax.use('PA')
      tax.restore('PA')
      await authority.close()
      await handle.simulator.close()
      app.container.restore(PipelineSchedule)
      await queue.getOrSet('default').obliterate({ force: true })
    }
  })
  return handle
}

/**
 * hkaSimulatorGroup, and every test starts with an empty simulator inside
 * the global transaction.
 */
export function hkaGroup(group: Group) {
  const handle = hkaSimulatorGroup(group)
  group.each.setup(() => {
    handle.simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })
  return handle
}
