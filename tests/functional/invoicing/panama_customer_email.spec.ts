/*
 * The customer e-mail of a Panama document, both ways a company can choose,
 * against the HKA simulator (which records the e-mails it is asked to send):
 * Facturo's own mail with the CAFE and XML attached, or HKA's EnvioCorreo
 * with RastreoCorreo tracking; when HKA cannot be reached, Facturo's mail
 * sends it and the history says so. Resend works both ways.
 */
import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import DocumentMail from '#documents/mail/document_mail'
import SendDocumentEmailJob from '#documents/jobs/send_document_email_job'
import { deliveryStatusOf } from '#documents/mail/authority_email'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { hkaGroup, issueThroughHka, istmo, type Istmo } from '#tests/helpers/panama'
import { INSPECT } from '#tests/helpers/tenancy'

async function sendEmail(company: Istmo, documentId: number) {
  await tenantContext.run(company.tenant, () => SendDocumentEmailJob.send(documentId))
  return tenantContext.run(company.tenant, async () => {
    const events = await DocumentEvent.query().where('document_id', documentId).orderBy('id')
    return {
      document: await Document.findOrFail(documentId),
      events: events.map((event) => event.kind),
    }
  })
}

function attachmentNames(message: { nodeMailerMessage: { attachments?: unknown } }) {
  const files = (message.nodeMailerMessage.attachments ?? []) as Array<{ filename?: string }>
  return files.map((file) => file.filename)
}

test.group('Panama customer e-mail | Facturo or the PAC sends it', (group) => {
  const hka = hkaGroup(group)
  const envioCorreo = () => hka.simulator.stats.calls.EnvioCorreo
  group.each.teardown(() => mail.restore())

  test('by default Facturo sends it, with the CAFE and the XML attached', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const company = await istmo()
    const { document: issued } = await issueThroughHka(client, company)
    assert.equal(issued.status, 'AUTHORIZED')
    const { document, events } = await sendEmail(company, issued.id)
    fake.mails.assertSent(DocumentMail, ({ message }) => {
      message.assertTo('facturas@example.com')
      assert.sameMembers(attachmentNames(message), [
        'factura-0000-001-0000000001.pdf',
        'factura-0000-001-0000000001.xml',
      ])
      return true
    })
    assert.deepInclude(document.$attributes, { emailStatus: 'sent', emailVia: 'facturo' })
    assert.include(events, 'emailed')
    assert.equal(envioCorreo(), 0)
  })

  test('the PAC sends it (EnvioCorreo), tracks it (RastreoCorreo) and resends it', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const company = await istmo()
    const chosen = await client
      .put('/app/settings/customer-email')
      .form({ delivery: 'authority' })
      .loginAs(company.owner)
      .withCsrfToken()
    chosen.assertStatus(200)
    await company.tenant.refresh()
    assert.equal(company.tenant.customerEmailDelivery, 'authority')
    const audited = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'tenant.customer_email_changed')
      .where('tenant_id', company.tenant.id)
      .first()
    assert.deepEqual(audited?.after, { customerEmailDelivery: 'authority' })

    const { document: issued } = await issueThroughHka(client, company)
    const { document, events } = await sendEmail(company, issued.id)
    fake.mails.assertNoneSent()
    assert.equal(envioCorreo(), 1)
    const recorded = hka.simulator.state.find((held) => held.cufe === document.accessKey)!
    assert.deepEqual(
      recorded.emails.map((email) => email.correo),
      ['facturas@example.com']
    )
    assert.deepInclude(document.$attributes, { emailStatus: 'sent', emailVia: 'authority' })
    assert.include(events, 'emailed')

    // The page offers the tracking; asking it records what HKA reports.
    const page = await client
      .get(`/app/documents/${document.id}`)
      .loginAs(company.owner)
      .withInertia()
    page.assertInertiaPropsContains({
      document: { emailVia: 'authority', emailStatus: 'sent' },
      actions: { trackEmail: true },
    })
    const tracked = await client
      .post(`/app/documents/${document.id}/email-tracking`)
      .loginAs(company.owner)
      .withCsrfToken()
      .redirects(0)
    tracked.assertStatus(302)
    tracked.assertFlashMessage('success', 'Estado del correo según el PAC: entregado.')
    const delivered = await tenantContext.run(company.tenant, () =>
      Document.findOrFail(document.id)
    )
    assert.equal(delivered.emailStatus, 'delivered')
    const trackedEvents = await tenantContext.run(company.tenant, () =>
      DocumentEvent.query().where('document_id', document.id).where('kind', 'email_tracked')
    )
    assert.lengthOf(trackedEvents, 1)
    assert.include(trackedEvents[0].detail!, 'facturas@example.com: delivered')

    // Resend: queued again, sent again by the PAC.
    const resend = await client
      .post(`/app/documents/${document.id}/email`)
      .loginAs(company.owner)
      .withCsrfToken()
    resend.assertRedirectsTo(`/app/documents/${document.id}`)
    await sendEmail(company, document.id)
    assert.equal(envioCorreo(), 2)
    assert.lengthOf(hka.simulator.state.find((held) => held.cufe === document.accessKey)!.emails, 2)
    fake.mails.assertNoneSent()
  })

  test('PAC unreachable: Facturo’s mail sends it and the history says so', async ({
    client,
    assert,
  }) => {
    const fake = mail.fake()
    const company = await istmo()
    await Tenant.query()
      .where('id', company.tenant.id)
      .update({ customer_email_delivery: 'authority' })
    await company.tenant.refresh()
    const { document: issued } = await issueThroughHka(client, company)
    hka.simulator.setFault({ mode: 'down', operation: 'EnvioCorreo' })
    const { document, events } = await sendEmail(company, issued.id)
    fake.mails.assertSent(DocumentMail)
    assert.deepInclude(document.$attributes, { emailStatus: 'sent', emailVia: 'facturo' })
    assert.includeOrderedMembers(events.slice(-2), ['email_fallback', 'emailed'])
    assert.isAtLeast(envioCorreo(), 1)

    // Sent by Facturo: nothing for the PAC to track.
    const tracked = await client
      .post(`/app/documents/${document.id}/email-tracking`)
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    tracked.assertStatus(422)
  })

  test('role-aware and scoped: who may choose, track and resend; another company’s document is 404', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const operator = await createUser()
    await addMember(company.tenant, operator, 'OPERATOR')
    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY')

    const byOperator = await client
      .put('/app/settings/customer-email')
      .form({ delivery: 'authority' })
      .header('accept', 'application/json')
      .loginAs(operator)
      .withCsrfToken()
    byOperator.assertStatus(403)

    await Tenant.query()
      .where('id', company.tenant.id)
      .update({ customer_email_delivery: 'authority' })
    await company.tenant.refresh()
    const { document: issued } = await issueThroughHka(client, company)
    await sendEmail(company, issued.id)

    const byReader = await client
      .post(`/app/documents/${issued.id}/email-tracking`)
      .header('accept', 'application/json')
      .loginAs(reader)
      .withCsrfToken()
    byReader.assertStatus(403)
    const readerPage = await client.get(`/app/documents/${issued.id}`).loginAs(reader).withInertia()
    readerPage.assertInertiaPropsContains({ actions: { trackEmail: false, email: false } })

    const stranger = await createCompany('OWNER', { country: 'PA' })
    const foreign = await client
      .post(`/app/documents/${issued.id}/email-tracking`)
      .header('accept', 'application/json')
      .loginAs(stranger.user)
      .withCsrfToken()
    foreign.assertStatus(404)

    // Ecuador's authority sends no e-mail: the choice is refused there.
    const ecuador = await createCompany('OWNER')
    const refused = await client
      .put('/app/settings/customer-email')
      .form({ delivery: 'authority' })
      .loginAs(ecuador.user)
      .withCsrfToken()
      .redirects(0)
    refused.assertFlashMessage(
      'error',
      'La autoridad tributaria de este país no envía correos a los clientes: Facturo los envía.'
    )
    await ecuador.tenant.refresh()
    assert.equal(ecuador.tenant.customerEmailDelivery, 'facturo')
  })

  test('HKA’s words for an e-mail’s fate', ({ assert }) => {
    assert.equal(deliveryStatusOf('delivered'), 'delivered')
    assert.equal(deliveryStatusOf('Entregado'), 'delivered')
    assert.equal(deliveryStatusOf('opened'), 'opened')
    assert.equal(deliveryStatusOf('bounced'), 'failed')
    assert.equal(deliveryStatusOf('processed'), 'sent')
  })
})
