/*
 * The lifecycle announces status changes after they commit, and what must
 * be able to refuse an issue runs inside the issuing transaction.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { transition } from '#documents/transitions'
import { IssueGuard, type IssuingCompany } from '#documents/issue_guard'
import type { DocumentEventName, DocumentStatusChanged } from '#documents/events'
import { DocumentLimitGuard } from '#billing/usage/guards'
import {
  createEcCompany,
  invoiceInput,
  issuingGroup,
  type EcCompany,
} from '#tests/helpers/invoicing'

const NAMES: DocumentEventName[] = [
  'document:issued',
  'document:submitted',
  'document:authorized',
  'document:rejected',
]

/** Records the lifecycle events while the real listeners keep running. */
function recordEvents() {
  const seen: { name: DocumentEventName; event: DocumentStatusChanged }[] = []
  const offs = NAMES.map((name) => emitter.on(name, (event) => void seen.push({ name, event })))
  return { seen, stop: () => offs.forEach((off) => off()) }
}

function issue(company: EcCompany) {
  return tenantContext.run(company.tenant, () =>
    issueNewDocument(company.tenant, invoiceInput(company))
  )
}

/** A guard that refuses every issue and keeps the draft, like a plan limit. */
class RefuseEverything extends IssueGuard {
  calls: IssuingCompany[] = []
  async check(_trx: TransactionClientContract, company: IssuingCompany) {
    this.calls.push(company)
    throw new RefusedForTest()
  }
}
class RefusedForTest extends Error {
  constructor(readonly draftId: number | null = null) {
    super('refused for the test')
  }
  withDraft(draftId: number) {
    return new RefusedForTest(draftId)
  }
}

test.group('Lifecycle events', (group) => {
  const pipeline = issuingGroup(group)
  group.each.setup(() => {
    pipeline.transport.reset()
    return testUtils.db().withGlobalTransaction()
  })

  test('issue → submitted → authorized, each announced once with its payload', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const events = recordEvents()
    try {
      const { document } = await issue(company)
      assert.deepEqual(events.seen, [
        {
          name: 'document:issued',
          event: {
            documentId: document.id,
            tenantId: company.tenant.id,
            type: 'invoice',
            number: '001-001-000000001',
            from: 'DRAFT',
            to: 'ISSUED',
          },
        },
      ])
      await tenantContext.run(company.tenant, () => ProcessDocumentJob.run(document.id))
      assert.deepEqual(
        events.seen.map(({ name, event }) => `${name} ${event.from}→${event.to}`),
        [
          'document:issued DRAFT→ISSUED',
          'document:submitted ISSUED→SUBMITTED',
          'document:authorized SUBMITTED→AUTHORIZED',
        ]
      )
      // The e-mail listener ran on document:authorized.
      const done = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
      assert.equal(done.emailStatus, 'queued')
    } finally {
      events.stop()
    }
  })

  test('a transition that rolls back announces nothing; a lost race announces nothing', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const { document } = await issue(company)
    const events = recordEvents()
    try {
      await tenantContext.run(company.tenant, async () => {
        await db
          .transaction(async (trx) => {
            assert.isTrue(
              await transition(document, 'SUBMITTED', { kind: 'submitted' }, {}, { client: trx })
            )
            throw new Error('roll back')
          })
          .catch(() => {})
        const stale = await Document.findOrFail(document.id)
        assert.equal(stale.status, 'ISSUED')
        // Another worker already moved it: this compare-and-set updates nothing.
        stale.status = 'SUBMITTED'
        stale.$hydrateOriginals()
        const other = await Document.findOrFail(document.id)
        await transition(other, 'REJECTED', { kind: 'rejected' })
        assert.isFalse(await transition(stale, 'AUTHORIZED', { kind: 'authorized' }))
      })
      assert.deepEqual(
        events.seen.map(({ name }) => name),
        ['document:rejected']
      )
    } finally {
      events.stop()
    }
  })

  test('the issue guard refuses inside the transaction: nothing issued, no number used, no event', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const guard = new RefuseEverything()
    app.container.swap(IssueGuard, () => guard)
    const events = recordEvents()
    try {
      const refused = await issue(company).catch((error) => error)
      assert.instanceOf(refused, RefusedForTest)
      assert.deepEqual(guard.calls, [{ id: company.tenant.id, country: 'EC', status: 'ACTIVE' }])
      // What was typed is kept as a draft, and the refusal names it.
      const draft = await tenantContext.run(company.tenant, () =>
        Document.findOrFail((refused as RefusedForTest).draftId)
      )
      assert.equal(draft.status, 'DRAFT')
      assert.isNull(draft.number)
      assert.deepEqual(events.seen, [])
    } finally {
      events.stop()
      app.container.restore(IssueGuard)
    }
    // The number was given back: the next issue takes the first one.
    const { document } = await issue(company)
    assert.equal(document.number, '001-001-000000001')
  })

  test("billing's document limit is the container's issue guard", async ({ assert }) => {
    assert.instanceOf(await app.container.make(IssueGuard), DocumentLimitGuard)
  })
})
