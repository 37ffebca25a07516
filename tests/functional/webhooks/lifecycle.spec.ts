import { test } from '@japa/runner'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { openApiDocument } from '#api/openapi'
import { WEBHOOK_EVENTS } from '#webhooks/events'
import testUtils from '@adonisjs/core/services/test_utils'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { verifySignature } from '#webhooks/signing'
import { invoiceInput, issuingGroup, type EcCompany } from '#tests/helpers/invoicing'
import { createApiCompany } from '#tests/helpers/api'
import { INSPECT } from '#tests/helpers/tenancy'
import { createEndpoint, runWebhookJobs, receiverForGroup } from '#tests/helpers/webhooks'

async function runPipeline(company: EcCompany, documentId: number) {
  return tenantContext.run(company.tenant, async () => {
    for (let round = 0; round < 10; round++) {
      const outcome = await ProcessDocumentJob.run(documentId)
      if (outcome.next === 'done') break
    }
    return Document.findOrFail(documentId)
  })
}

/**
 * The real lifecycle: a document issued through the REST API goes through
 * the tax pipeline (the EC adapter with its transport in memory), and the
 * status change it commits reaches the company's receiver.
 */
test.group('Webhooks: from the document lifecycle', (group) => {
  const issuing = issuingGroup(group)
  const receiver = receiverForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an invoice authorized by the pipeline, and one rejected, reach the receiver signed', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const { secret } = await createEndpoint(company.tenant, receiver.url, [
      'document.authorized',
      'document.rejected',
    ])
    const issue = async () => {
      const created = await client
        .post('/api/v1/documents')
        .bearerToken(company.token)
        .json(invoiceInput(company))
      created.assertStatus(201)
      return created.body().data as { id: number; number: string; accessKey: string }
    }
    const good = await issue()
    const bad = await issue()
    issuing.transport.rejectAtStatus(bad.accessKey, [
      { code: '45', text: 'SECUENCIAL REGISTRADO', severity: 'error' },
    ])
    // Issuing announces nothing a receiver subscribed to.
    assert.lengthOf(await runWebhookJobs(), 0)

    const authorized = await runPipeline(company, good.id)
    const rejected = await runPipeline(company, bad.id)
    assert.equal(authorized.status, 'AUTHORIZED')
    assert.equal(rejected.status, 'REJECTED')
    await runWebhookJobs()

    const bodies = receiver.received.map((request) => JSON.parse(request.body))
    assert.deepEqual(
      bodies.map((body) => [body.type, body.data.documentId, body.data.number]),
      [
        ['document.authorized', good.id, good.number],
        ['document.rejected', bad.id, bad.number],
      ]
    )
    // What arrives is what the OpenAPI document's `webhooks` section declares.
    assert.sameMembers(Object.keys(openApiDocument.webhooks), [...WEBHOOK_EVENTS])
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema(openApiDocument, 'openapi')
    const validate = ajv.getSchema('openapi#/components/schemas/WebhookEvent')!
    for (const request of receiver.received) {
      assert.isTrue(
        verifySignature(String(request.headers['facturo-signature']), request.body, secret)
      )
      assert.isTrue(validate(JSON.parse(request.body)), JSON.stringify(validate.errors))
      for (const header of ['facturo-event', 'facturo-event-id', 'facturo-delivery']) {
        assert.isString(request.headers[header], header)
      }
    }
    const deliveries = await withoutTenantScope(INSPECT, () =>
      WebhookDelivery.query().where('tenant_id', company.tenant.id)
    )
    assert.isTrue(deliveries.every((delivery) => delivery.status === 'succeeded'))
  })
})
