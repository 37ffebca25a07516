import { test } from '@japa/runner'
import { rm } from 'node:fs/promises'
import mail from '@adonisjs/mail/services/main'
import { CaptureTransport } from '#core/mail/capture_transport'

test.group('Development mail catcher', (group) => {
  group.each.setup(() => rm(CaptureTransport.directory(), { recursive: true, force: true }))

  test('lists a captured message and serves its attachment', async ({ client, assert }) => {
    await mail.use('capture').send((message) => {
      message
        .to('cliente@example.com')
        .subject('Factura 001-001-000000123')
        .html('<p>Adjuntamos su factura.</p>')
        .attachData(Buffer.from('<factura/>'), {
          filename: 'factura.xml',
          contentType: 'application/xml',
        })
    })

    const list = await client.get('/dev/mail').withInertia()
    list.assertInertiaComponent('dev/mail/index')
    const mails = list.inertiaProps.mails as { id: string; subject: string; attachments: number }[]
    assert.lengthOf(mails, 1)
    assert.equal(mails[0].subject, 'Factura 001-001-000000123')
    assert.equal(mails[0].attachments, 1)

    const detail = await client.get(`/dev/mail/${mails[0].id}`).withInertia()
    detail.assertInertiaPropsContains({ mail: { to: ['cliente@example.com'] } })

    const attachment = await client.get(`/dev/mail/${mails[0].id}/attachments/0`)
    attachment.assertStatus(200)
    attachment.assertHeader('content-type', 'application/xml')
    assert.equal(attachment.text(), '<factura/>')
  })

  test('an unknown or malformed message id answers 404', async ({ client }) => {
    const response = await client.get('/dev/mail/..%2F..%2Fetc').withInertia()
    response.assertStatus(404)
  })
})
