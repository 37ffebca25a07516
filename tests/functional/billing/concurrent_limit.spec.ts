import { test } from '@japa/runner'
import Document from '#documents/models/document'
import { tenantContext } from '#tenancy/tenant_context'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { PlanLimitException } from '#billing/errors'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { documentsUsed, setDocumentsUsed, setPlan } from '#tests/helpers/billing'

/**
 * The metering has to hold with real concurrent transactions on separate
 * connections, so this group commits its rows (no global transaction) and
 * deletes the company at the end.
 */
test.group('Plan limits: 100 simultaneous issues at the boundary', (group) => {
  const pipeline = issuingGroup(group)

  test('with 5 documents left, 100 simultaneous issues give exactly 5; the other 95 stay drafts', async ({
    assert,
  }) => {
    const company = pipeline.removeAfterwards(await createEcCompany())
    await setPlan(company.tenant, 'basico')
    await setDocumentsUsed(company.tenant, 95)

    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        tenantContext.run(company.tenant, () =>
          issueNewDocument(company.tenant, invoiceInput(company), { createdBy: null })
        )
      )
    )
    const issued = outcomes.filter((outcome) => outcome.status === 'fulfilled')
    const refused = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected'
    )
    for (const outcome of refused) assert.instanceOf(outcome.reason, PlanLimitException)
    assert.lengthOf(issued, 5)
    assert.lengthOf(refused, 95)

    // The counter stopped at the limit and matches the documents issued.
    assert.equal(await documentsUsed(company.tenant), 100)
    const documents = await tenantContext.run(company.tenant, () =>
      Document.query().orderBy('sequential')
    )
    const numbered = documents.filter((document) => document.status === 'ISSUED')
    assert.deepEqual(
      numbered.map((document) => document.sequential),
      [1, 2, 3, 4, 5],
      'refused issues gave their numbers back: 1..5, no gap'
    )
    // Nothing typed was lost: every refused issue left its draft.
    assert.lengthOf(
      documents.filter((document) => document.status === 'DRAFT'),
      95
    )
    assert.sameMembers(
      refused.map((outcome) => (outcome.reason as PlanLimitException).draftId),
      documents.filter((document) => document.status === 'DRAFT').map((document) => document.id)
    )
  })
})
