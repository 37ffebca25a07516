import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import tax from '#adapters/core/services/tax'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import TaxSubmission from '#tax/models/tax_submission'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { issuerContextFor } from '#certificates/issuer_context'
import { waitUntil } from '#adapters/core/testing/wait_until'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
  submissionOf,
} from '#tests/helpers/invoicing'

/** Runs the process job's rounds like the worker would, until it stops asking for more. */
async function drive(company: EcCompany, documentId: number, maxRounds = 12) {
  return tenantContext.run(company.tenant, async () => {
    const outcomes = []
    for (let round = 0; round < maxRounds; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      outcomes.push(outcome)
      if (outcome.next === 'done') break
    }
    return {
      outcomes,
      document: await Document.findOrFail(documentId),
      submission: await TaxSubmission.findOrFail(documentId),
    }
  })
}

async function issue(company: EcCompany) {
  return tenantContext.run(company.tenant, async () => {
    const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
    return document
  })
}

async function eventsOf(company: EcCompany, documentId: number) {
  return tenantContext.run(
    company.tenant,
    async () => await DocumentEvent.query().where('document_id', documentId).orderBy('id')
  )
}

test.group('Issue pipeline against the SRI simulator', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(() => {
    simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })

  test('issue numbers, signs and stores; the job gets it authorized', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    assert.equal(document.status, 'ISSUED')
    assert.equal(document.number, '001-001-000000001')
    assert.match(document.accessKey!, /^\d{49}$/)
    assert.include(document.signedXml!, '<ds:Signature')
    assert.equal(document.total, '179.00')
    // The issue statement opened its submission row, due at once.
    const opened = await submissionOf(company.tenant, document.id)
    assert.equal(opened.submitAttempts, 0)
    assert.isNull(opened.submittedAt)
    assert.isNotNull(opened.nextCheckAt)

    const { document: done, outcomes, submission } = await drive(company, document.id)
    assert.equal(done.status, 'AUTHORIZED')
    assert.equal(outcomes.length, 1)
    // Sent once, acknowledged, nothing left to do.
    assert.equal(submission.submitAttempts, 1)
    assert.isNotNull(submission.submittedAt)
    assert.isNull(submission.nextCheckAt)
    assert.isNull(submission.lastError)
    assert.equal(done.authorizationNumber, document.accessKey)
    assert.isNotNull(done.authorizedAt)
    assert.include(done.authorizedXml!, `<claveAcceso>${document.accessKey}</claveAcceso>`)
    assert.equal(done.emailStatus, 'queued')

    const kindsEvents = await eventsOf(company, document.id)
    const kinds = kindsEvents.map((event) => event.kind)
    assert.deepEqual(kinds, ['created', 'issued', 'submitted', 'authorized'])
    const [entry] = simulator.state
    assert.equal(entry.status, 'AUTORIZADO')
    assert.equal(entry.submissions, 1)

    // Running the job again changes nothing and sends nothing.
    const again = await drive(company, document.id)
    assert.equal(again.document.status, 'AUTHORIZED')
    assert.equal(simulator.state[0].submissions, 1)
  })

  test('authority down, then up: PENDING, then authorized once after recovery', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    simulator.setFault({ mode: 'down' })

    const first = await drive(company, document.id, 2)
    assert.equal(first.document.status, 'PENDING')
    assert.isNotNull(first.submission.pendingSince)
    assert.isNotNull(first.submission.nextCheckAt)
    assert.equal(first.outcomes[0].next, 'retry')
    // Backoff grows: the second wait is longer than the first.
    const delays = first.outcomes.map((outcome) => (outcome.next === 'retry' ? outcome.delayMs : 0))
    assert.isAbove(delays[1], delays[0])
    const errorsEvents = await eventsOf(company, document.id)
    const errors = errorsEvents.filter((e) => e.kind === 'transport_error')
    assert.lengthOf(errors, 2)
    assert.match(errors[0].detail!, /SRI/)

    simulator.clearFaults()
    const { document: done } = await drive(company, document.id)
    assert.equal(done.status, 'AUTHORIZED')
    assert.lengthOf(simulator.state, 1)
    assert.equal(simulator.state[0].submissions, 1)
  })

  test('slow authority: the submit times out, the job asks before resending', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    simulator.setFault({ mode: 'slow', delayMs: 2500, service: 'reception', times: 1 })

    const first = await drive(company, document.id, 1)
    assert.equal(first.document.status, 'PENDING')
    assert.equal(first.submission.submitAttempts, 1)
    // The timed-out request still lands at the authority, a moment later.
    await waitUntil('the late reception to reach the simulator', () =>
      simulator.state.some((entry) => entry.accessKey === document.accessKey)
    )

    const { document: done, submission } = await drive(company, document.id)
    assert.equal(done.status, 'AUTHORIZED')
    // Authorized from the status query: the document was never sent twice.
    assert.equal(simulator.state[0].submissions, 1)
    assert.equal(submission.submitAttempts, 1)
  })

  test('70 "en proceso" is polled until authorized', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    simulator.setFault({ mode: 'error70', accessKey: document.accessKey!, polls: 2 })

    const { document: done, outcomes } = await drive(company, document.id)
    assert.equal(done.status, 'AUTHORIZED')
    assert.deepEqual(
      outcomes.map((outcome) => outcome.next),
      ['retry', 'retry', 'done']
    )
    const checksEvents = await eventsOf(company, document.id)
    const checks = checksEvents.filter((e) => e.kind === 'status_checked')
    assert.lengthOf(checks, 2)
    assert.equal(checks[0].messages[0].code, '70')
    assert.equal(simulator.state[0].submissions, 1)
  })

  test('43 on resend: the clave is registered, the job queries instead', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    // An earlier send reached SRI but its reply was lost.
    await tenantContext.run(company.tenant, async () => {
      const authority = tax.use('EC')
      await authority.submit(
        {
          country: 'EC',
          documentType: 'invoice',
          authorityKey: document.accessKey!,
          number: document.number!,
          body: document.signedXml!,
          contentType: 'application/xml',
          signedAt: new Date().toISOString(),
        },
        await issuerContextFor(company.tenant)
      )
    })

    const { document: done } = await drive(company, document.id)
    assert.equal(done.status, 'AUTHORIZED')
    const events = await eventsOf(company, document.id)
    const returned = events.find((event) => event.kind === 'returned')!
    assert.equal(returned.messages[0].code, '43')
    assert.include(returned.raw!, 'DEVUELTA')
    assert.match(returned.detail!, /^43 Clave de acceso registrada/)
    assert.equal(events.filter((event) => event.kind === 'authorized').length, 1)
  })

  test('39: NO AUTORIZADO ends REJECTED with the message', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    simulator.setFault({ mode: 'reject39', accessKey: document.accessKey! })

    const { document: done, submission } = await drive(company, document.id)
    assert.equal(done.status, 'REJECTED')
    assert.match(submission.lastError!, /^39 /)
    assert.isNull(submission.nextCheckAt)
    const rejectedEvents = await eventsOf(company, document.id)
    const rejected = rejectedEvents.find((e) => e.kind === 'rejected')!
    assert.equal(rejected.messages[0].code, '39')
    assert.include(rejected.raw!, 'NO AUTORIZADO')
  })

  test('35: DEVUELTA at reception ends REJECTED, never resent', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await issue(company)
    simulator.setFault({ mode: 'returned35', accessKey: document.accessKey! })

    const { document: done, submission } = await drive(company, document.id)
    assert.equal(done.status, 'REJECTED')
    assert.match(submission.lastError!, /^35 /)
    const events = await eventsOf(company, document.id)
    assert.equal(events.find((e) => e.kind === 'returned')!.messages[0].code, '35')
    assert.equal(events.at(-1)!.kind, 'rejected')
    assert.equal(submission.submitAttempts, 1)
    // A second run does not send it again.
    const after = await drive(company, document.id)
    assert.equal(after.submission.submitAttempts, 1)
  })
})
