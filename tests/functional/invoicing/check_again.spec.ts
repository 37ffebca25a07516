import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { TAX_QUEUE, processingJobId } from '#tax/dispatch'
import { addMember, createUser } from '#tests/helpers/accounts'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
  submissionOf,
} from '#tests/helpers/invoicing'

const taxQueue = () => queue.getOrSet(TAX_QUEUE)
const DAY_MS = 24 * 3600_000

/** The part of the server-rendered page inside the app root. */
async function appRoot(request: PromiseLike<{ text(): string }>) {
  const response = await request
  const html = response.text()
  return html.slice(html.indexOf('<div id="app"'))
}

function checkAgain(client: any, user: any, documentId: number) {
  return client
    .post(`/app/documents/${documentId}/check-again`)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
    .header('referer', `/app/documents/${documentId}`)
}

test.group('Check a flagged document again', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(async () => {
    simulator.reset()
    await taxQueue().obliterate({ force: true })
    return testUtils.db().withGlobalTransaction()
  })

  /**
   * A document the authority keeps "en proceso", submitted 25 hours ago and
   * flagged by the pipeline at the end of the polling window.
   */
  async function flaggedDocument(company: EcCompany) {
    const document = await tenantContext.run(company.tenant, async () => {
      const { document: issued } = await issueNewDocument(company.tenant, invoiceInput(company))
      return issued
    })
    simulator.setFault({ mode: 'error70', accessKey: document.accessKey!, polls: 100 })
    const longAgo = new Date(Date.now() - DAY_MS - 3600_000)
    await tenantContext.run(company.tenant, async () => {
      // The first round submits; the next ones poll past the (real) 24 h window.
      await ProcessDocumentJob.run(document.id)
      await db.from('documents').where('id', document.id).update({ signed_at: longAgo })
      await db
        .from('tax_submissions')
        .where('document_id', document.id)
        .update({ submitted_at: longAgo })
      await ProcessDocumentJob.run(document.id)
    })
    await taxQueue().obliterate({ force: true })
    const flagged = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
    const submission = await submissionOf(company.tenant, document.id)
    if (!submission.flaggedAt) throw new Error('the test document was not flagged')
    return flagged
  }

  test('a flagged document is queued again, unflagged, with a new polling window', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany('OPERATOR')
    const document = await flaggedDocument(company)
    assert.equal(document.status, 'SUBMITTED')

    // The detail page explains it and offers the button to a member with documents.issue.
    const page = await appRoot(client.get(`/app/documents/${document.id}`).loginAs(company.user))
    assert.include(page, 'dejamos de consultarlo automáticamente')
    assert.include(page, 'data-test="check-again"')
    assert.include(page, 'Consultar de nuevo')

    const response = await checkAgain(client, company.user, document.id)
    response.assertStatus(302)
    response.assertHeader('location', `/app/documents/${document.id}`)
    assert.equal(
      response.flashMessages().success,
      'Volvemos a consultar este comprobante ahora; su estado se actualiza solo.'
    )

    const fresh = await submissionOf(company.tenant, document.id)
    assert.isNull(fresh.flaggedAt)
    assert.isNotNull(fresh.pollingSince)
    assert.isNotNull(fresh.nextCheckAt)
    const events = await tenantContext.run(
      company.tenant,
      async () =>
        await DocumentEvent.query()
          .where('document_id', document.id)
          .where('kind', 'check_requested')
    )
    assert.lengthOf(events, 1)
    assert.equal(events[0].detail, company.user.fullName)

    const job = await taxQueue().getJob(processingJobId(fresh))
    assert.exists(job)
    assert.equal(await job!.getState(), 'waiting')
    assert.deepEqual(job!.data, { documentId: document.id, tenantId: company.tenant.id })

    // The next round polls again instead of flagging at once: the window starts now.
    const outcome = await tenantContext.run(company.tenant, () =>
      ProcessDocumentJob.run(document.id)
    )
    assert.equal(outcome.next, 'retry')
    const polled = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
    assert.equal(polled.status, 'SUBMITTED')
    const stillPolled = await submissionOf(company.tenant, document.id)
    assert.isNull(stillPolled.flaggedAt)

    // A second click finds nothing to do.
    const again = await checkAgain(client, company.user, document.id)
    again.assertStatus(302)
    assert.match(again.flashMessages().error, /no está marcado para revisión/)
  })

  test('a document that is not flagged gets a clear message, not a 500', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const { document } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company))
    )
    await taxQueue().obliterate({ force: true })

    const response = await checkAgain(client, company.user, document.id)
    response.assertStatus(302)
    response.assertHeader('location', `/app/documents/${document.id}`)
    assert.equal(
      response.flashMessages().error,
      'Este comprobante no está marcado para revisión: ya se consulta automáticamente o ya tiene una respuesta definitiva.'
    )
    const json = await client
      .post(`/app/documents/${document.id}/check-again`)
      .loginAs(company.user)
      .withCsrfToken()
      .header('accept', 'application/json')
    json.assertStatus(422)
    assert.match(json.body().errors[0].message, /no está marcado para revisión/)

    const events = await tenantContext.run(
      company.tenant,
      async () =>
        await DocumentEvent.query()
          .where('document_id', document.id)
          .where('kind', 'check_requested')
    )
    assert.lengthOf(events, 0)
    assert.isUndefined(
      await taxQueue().getJob(processingJobId(await submissionOf(company.tenant, document.id)))
    )
  })

  test("another company's document answers 404 and stays flagged", async ({ client, assert }) => {
    const a = await createEcCompany()
    const b = await createEcCompany()
    const document = await flaggedDocument(b)

    const response = await client
      .post(`/app/documents/${document.id}/check-again`)
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    response.assertInertiaComponent('errors/not_found')

    const untouched = await submissionOf(b.tenant, document.id)
    assert.isNotNull(untouched.flaggedAt)
    assert.isUndefined(await taxQueue().getJob(processingJobId(untouched)))
  })

  test('a member without documents.issue gets 403 and no button', async ({ client, assert }) => {
    const company = await createEcCompany()
    const document = await flaggedDocument(company)
    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY', { isDefault: true })

    const page = await appRoot(client.get(`/app/documents/${document.id}`).loginAs(reader))
    assert.include(page, 'dejamos de consultarlo automáticamente')
    assert.notInclude(page, 'data-test="check-again"')

    const response = await client
      .post(`/app/documents/${document.id}/check-again`)
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(403)
    response.assertInertiaComponent('errors/forbidden')

    const untouched = await submissionOf(company.tenant, document.id)
    assert.isNotNull(untouched.flaggedAt)
    assert.isUndefined(await taxQueue().getJob(processingJobId(untouched)))
  })
})
