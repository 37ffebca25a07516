import { test } from '@japa/runner'
import { rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { networkInterfaces } from 'node:os'
import server from '@adonisjs/core/services/server'
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
    attachment.assertHeader('cache-control', 'no-store')
    assert.equal(attachment.text(), '<factura/>')
  })

  test('an unknown or malformed message id answers 404', async ({ client }) => {
    const response = await client.get('/dev/mail/..%2F..%2Fetc').withInertia()
    response.assertStatus(404)
  })

  test('answers 404 to a client on another address, 200 on this machine', async ({ assert }) => {
    // The application itself, listening on every interface (as with
    // HOST=0.0.0.0), reached once through loopback and once through the
    // machine's network address: the kernel then gives the socket that
    // non-loopback address as the client's.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((item) => item && item.family === 'IPv4' && !item.internal)?.address
    const listener: Server = createServer((req, res) => server.handle(req, res))
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve))
    const port = (listener.address() as { port: number }).port
    try {
      const local = await fetch(`http://127.0.0.1:${port}/dev/mail`)
      assert.equal(local.status, 200)
      const otherLoopback = await fetch(`http://127.0.0.2:${port}/dev/mail`)
      assert.equal(otherLoopback.status, 200)
      assert.exists(external, 'this machine has a non-loopback IPv4 address to test from')
      const remote = await fetch(`http://${external}:${port}/dev/mail`)
      assert.equal(remote.status, 404)
      const spoofed = await fetch(`http://${external}:${port}/dev/mail/x/attachments/0`, {
        headers: { 'x-forwarded-for': '127.0.0.1' },
      })
      assert.equal(spoofed.status, 404)
    } finally {
      await new Promise((resolve) => listener.close(resolve))
    }
  })
})
