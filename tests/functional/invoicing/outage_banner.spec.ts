import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#accounts/models/user'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCatalog } from '#database/demo/catalog'
import { seedDemoInvoicing } from '#database/demo/invoicing'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
  submissionOf,
} from '#tests/helpers/invoicing'

/** The part of the server-rendered page inside the app root. */
async function appRoot(request: PromiseLike<{ text(): string }>) {
  const response = await request
  const html = response.text()
  return html.slice(html.indexOf('<div id="app"'))
}

test.group('Authority outage banner', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(() => {
    simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })

  /** A real document that found the authority unreachable: PENDING. */
  async function pendingDocument(company: EcCompany) {
    simulator.setFault({ mode: 'down' })
    return tenantContext.run(company.tenant, async () => {
      const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
      await ProcessDocumentJob.run(document.id)
      return Document.findOrFail(document.id)
    })
  }

  test('the demo seed pending document does not show the banner', async ({ client, assert }) => {
    await seedDemoAccounts()
    await seedDemoCatalog()
    await seedDemoInvoicing()
    const andes = await Tenant.findByOrFail('slug', 'los-andes')
    const demoPending = await tenantContext.run(
      andes,
      async () => await Document.query().where('status', 'PENDING')
    )
    // The seed really has one: the banner is absent because it is demo data.
    assert.isAbove(demoPending.length, 0)
    for (const document of demoPending) {
      assert.isTrue(document.isDemo)
      const submission = await submissionOf(andes, document.id)
      assert.isNotNull(submission.pendingSince)
    }

    const owner = await User.findByOrFail('email', 'propietario@andes.test')
    for (const url of ['/app', '/app/documents']) {
      const page = await client.get(url).loginAs(owner).withInertia()
      page.assertStatus(200)
      assert.deepEqual((page.inertiaProps as any).outage, { pending: 0, since: null }, url)
    }
    const html = await appRoot(client.get('/app').loginAs(owner))
    assert.notInclude(html, 'data-test="outage-banner"')
  })

  test('a real PENDING document shows the banner on every company page', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await pendingDocument(company)
    assert.equal(document.status, 'PENDING')
    const submission = await submissionOf(company.tenant, document.id)

    for (const url of [
      '/app',
      '/app/documents',
      `/app/documents/${document.id}`,
      '/app/customers',
    ]) {
      const page = await client.get(url).loginAs(company.user).withInertia()
      page.assertStatus(200)
      const outage = (page.inertiaProps as any).outage
      assert.equal(outage.pending, 1, url)
      assert.equal(outage.since, submission.pendingSince!.toUTC().toISO(), url)
    }

    // Rendered by AppLayout on the server, in Spanish: how many, since when, nothing to do.
    for (const url of ['/app', '/app/documents']) {
      const html = await appRoot(client.get(url).loginAs(company.user))
      assert.include(html, 'data-test="outage-banner"', url)
      assert.include(html, 'El SRI no responde desde el', url)
      assert.include(html, '1 comprobante espera y se enviará automáticamente', url)
      assert.include(html, 'no necesitas hacer nada', url)
    }
    const english = await appRoot(
      client.get('/app').loginAs(company.user).header('accept-language', 'en')
    )
    assert.include(english, 'The SRI has not been answering since')
    assert.include(english, '1 document is waiting and will be sent automatically')

    // Once the authority answers, the document goes through and the banner is gone.
    simulator.clearFaults()
    await tenantContext.run(company.tenant, async () => {
      for (let round = 0; round < 5; round++) {
        const outcome = await ProcessDocumentJob.run(document.id)
        if (outcome.next === 'done') break
      }
    })
    const after = await client.get('/app').loginAs(company.user).withInertia()
    assert.deepEqual((after.inertiaProps as any).outage, { pending: 0, since: null })
  })

  test('another company does not see the outage of the first one', async ({ client, assert }) => {
    const a = await createEcCompany()
    const b = await createEcCompany()
    await pendingDocument(a)

    const pageA = await client.get('/app').loginAs(a.user).withInertia()
    assert.equal((pageA.inertiaProps as any).outage.pending, 1)
    for (const url of ['/app', '/app/documents']) {
      const pageB = await client.get(url).loginAs(b.user).withInertia()
      assert.deepEqual((pageB.inertiaProps as any).outage, { pending: 0, since: null }, url)
    }
    const html = await appRoot(client.get('/app').loginAs(b.user))
    assert.notInclude(html, 'data-test="outage-banner"')
  })

  test('flagged documents and pages outside a company carry no outage', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await pendingDocument(company)
    // Flagged for a person: the pipeline no longer retries it on its own.
    const submission = await submissionOf(company.tenant, document.id)
    await tenantContext.run(company.tenant, async () => {
      submission.flaggedAt = submission.pendingSince
      await submission.save()
    })
    const page = await client.get('/app').loginAs(company.user).withInertia()
    assert.equal((page.inertiaProps as any).outage.pending, 0)

    const login = await client.get('/login').withInertia()
    assert.isNull((login.inertiaProps as any).outage)
  })
})
