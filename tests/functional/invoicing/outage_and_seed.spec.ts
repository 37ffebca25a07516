import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import app from '@adonisjs/core/services/app'
import { PipelineSchedule } from '#tax/backoff'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCatalog } from '#database/demo/catalog'
import { seedDemoInvoicing } from '#database/demo/invoicing'
import { createCompany, createUser } from '#tests/helpers/accounts'
import {
  createEcCompany,
  invoiceInput,
  sriSimulatorForGroup,
  submissionOf,
} from '#tests/helpers/invoicing'

test.group('Authority outage: banner, backlog, flagging', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(() => {
    simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })

  test('pending documents show the banner and count in the super-admin backlog', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    simulator.setFault({ mode: 'down' })
    const ids = await tenantContext.run(company.tenant, async () => {
      const created = []
      for (let index = 0; index < 2; index++) {
        const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
        await ProcessDocumentJob.run(document.id)
        created.push(document.id)
      }
      return created
    })

    const page = await client.get('/app/documents').loginAs(company.user).withInertia()
    const outage = (page.inertiaProps as any).outage
    assert.equal(outage.pending, 2)
    assert.isString(outage.since)

    const admin = await createUser({ isSuperAdmin: true })
    const backlog = await client.get('/admin/documents/backlog').loginAs(admin)
    backlog.assertStatus(200)
    assert.isAtLeast(backlog.body().byStatus.PENDING, 2)
    assert.isAtLeast(backlog.body().total, 2)
    const member = await client.get('/admin/documents/backlog').loginAs(company.user)
    assert.notEqual(member.status(), 200)

    // Recovery: everything goes through, the banner is gone.
    simulator.clearFaults()
    await tenantContext.run(company.tenant, async () => {
      for (const id of ids) await ProcessDocumentJob.run(id)
    })
    const after = await client.get('/app/documents').loginAs(company.user).withInertia()
    assert.equal((after.inertiaProps as any).outage.pending, 0)
  })

  test('"en proceso" past the polling window is flagged and polling stops', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await tenantContext.run(company.tenant, async () => {
      const { document: issued } = await issueNewDocument(company.tenant, invoiceInput(company))
      return issued
    })
    simulator.setFault({ mode: 'error70', accessKey: document.accessKey!, polls: 100 })
    app.container.swap(PipelineSchedule, () => new PipelineSchedule({ pollWindowMs: 0 }))
    try {
      const outcome = await tenantContext.run(company.tenant, () =>
        ProcessDocumentJob.run(document.id)
      )
      assert.equal(outcome.next, 'done')
      const flagged = await tenantContext.run(company.tenant, () =>
        Document.findOrFail(document.id)
      )
      assert.equal(flagged.status, 'SUBMITTED')
      const submission = await submissionOf(company.tenant, document.id)
      assert.isNotNull(submission.flaggedAt)
      assert.isNull(submission.nextCheckAt)
      const events = await tenantContext.run(
        company.tenant,
        async () =>
          await DocumentEvent.query().where('document_id', document.id).where('kind', 'flagged')
      )
      assert.lengthOf(events, 1)
    } finally {
      // Back to the group's fast schedule (useSriSimulator).
      app.container.swap(
        PipelineSchedule,
        () => new PipelineSchedule({ retryBaseMs: 10, pollBaseMs: 10 })
      )
    }
  })
})

test.group('Demo documents seed', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('seeds authorized, rejected and pending documents once, without the simulator', async ({
    assert,
  }) => {
    await seedDemoAccounts()
    await seedDemoCatalog()
    await seedDemoInvoicing()
    await seedDemoInvoicing()
    const andes = await Tenant.findByOrFail('slug', 'los-andes')
    const documents = await tenantContext.run(
      andes,
      async () => await Document.query().orderBy('id')
    )
    assert.lengthOf(documents, 5)
    assert.isTrue(documents.every((document) => document.isDemo))
    assert.sameMembers(
      [...new Set(documents.map((document) => document.status))],
      ['AUTHORIZED', 'REJECTED', 'PENDING']
    )
    assert.deepEqual(
      documents.map((document) => document.sequential),
      [1, 2, 3, 4, 5]
    )
    const rejected = documents.find((document) => document.status === 'REJECTED')!
    const events = await tenantContext.run(
      andes,
      async () =>
        await DocumentEvent.query().where('document_id', rejected.id).where('kind', 'rejected')
    )
    assert.equal(events[0].messages[0].code, '39')
    // The pipeline never sends demo documents anywhere.
    const pending = documents.find((document) => document.status === 'PENDING')!
    const outcome = await tenantContext.run(andes, () => ProcessDocumentJob.run(pending.id))
    assert.equal(outcome.next, 'done')
    // A company is not affected by another's demo data.
    const other = await createCompany()
    const otherDocs = await tenantContext.run(other.tenant, async () => await Document.query())
    assert.lengthOf(otherDocs, 0)
  })
})
