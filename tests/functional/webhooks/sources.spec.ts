import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { withoutTenantScope } from '#tenancy/tenant_context'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { watchCertificateExpiry } from '#certificates/actions/watch_certificate_expiry'
import { useClock } from '#certificates/clock'
import { evaluateLimitAlerts } from '#billing/actions/evaluate_limit_alerts'
import { createCompany } from '#tests/helpers/accounts'
import { createEcuadorCompany, p12For, uploadCertificateAs } from '#tests/helpers/certificates'
import { setDocumentsUsed, setPlan } from '#tests/helpers/billing'
import { INSPECT } from '#tests/helpers/tenancy'
import {
  clearWebhookQueue,
  createEndpoint,
  runWebhookJobs,
  startReceiver,
  type Receiver,
} from '#tests/helpers/webhooks'

const DAY = 86_400_000

function deliveriesOf(tenantId: number) {
  return withoutTenantScope(INSPECT, () =>
    WebhookDelivery.query().where('tenant_id', tenantId).orderBy('id')
  )
}

/**
 * The events that do not come from the document lifecycle, from where
 * they happen: the certificate expiry watch and the plan-limit alerts,
 * once each, as their e-mails.
 */
test.group('Webhooks: certificate and plan-limit events', (group) => {
  let receiver: Receiver
  group.each.setup(async () => {
    receiver = await startReceiver()
    await clearWebhookQueue()
    mail.fake()
    return async () => {
      mail.restore()
      useClock(null)
      await receiver.close()
      await clearWebhookQueue()
    }
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('certificate.expiring: once per alert threshold of the expiry watch', async ({ assert }) => {
    const uploadedAt = new Date(Date.UTC(2031, 0, 10, 15, 0, 0))
    const validTo = new Date(uploadedAt.getTime() + 40 * DAY)
    useClock(() => uploadedAt)
    const { tenant } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, {
      signer: { notBefore: new Date(uploadedAt.getTime() - DAY), notAfter: validTo },
    })
    const { certificate } = await uploadCertificateAs(tenant, {
      bytes: p12.p12,
      password: p12.password,
    })
    await createEndpoint(tenant, receiver.url, ['certificate.expiring'])

    useClock(() => new Date(validTo.getTime() - 30 * DAY))
    await watchCertificateExpiry()
    await watchCertificateExpiry()
    useClock(() => new Date(validTo.getTime() - 15 * DAY))
    await watchCertificateExpiry()
    await runWebhookJobs()

    const deliveries = await deliveriesOf(tenant.id)
    assert.deepEqual(
      deliveries.map((item) => [item.event, item.payload.data.threshold, item.status]),
      [
        ['certificate.expiring', 30, 'succeeded'],
        ['certificate.expiring', 15, 'succeeded'],
      ]
    )
    const body = JSON.parse(receiver.received[0].body)
    assert.include(body.data, { certificateId: certificate.id, daysLeft: 30, threshold: 30 })
    assert.notProperty(body.data, 'tenantId')
  })

  test('usage.limit_reached: at 100 % of a plan limit, once a month; 80 % sends none', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    await setPlan(tenant, 'profesional')
    await createEndpoint(tenant, receiver.url, ['usage.limit_reached'])

    await setDocumentsUsed(tenant, 400)
    await evaluateLimitAlerts(tenant)
    assert.lengthOf(await deliveriesOf(tenant.id), 0, '80 % is a warning, not the limit')

    await setDocumentsUsed(tenant, 500)
    await evaluateLimitAlerts(tenant)
    await evaluateLimitAlerts(tenant)
    await runWebhookJobs()
    const deliveries = await deliveriesOf(tenant.id)
    assert.lengthOf(deliveries, 1)
    assert.equal(deliveries[0].status, 'succeeded')
    assert.include(JSON.parse(receiver.received[0].body).data, {
      limit: 'documents',
      used: 500,
      maximum: 500,
      plan: 'profesional',
    })
  })
})
