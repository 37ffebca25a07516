import type { HttpContext } from '@adonisjs/core/http'
import { CaptureTransport } from '#core/mail/capture_transport'

/**
 * The development mail catcher: lists the messages kept by the capture
 * transport. Routes exist only outside production.
 */
export default class DevMailController {
  async index({ inertia }: HttpContext) {
    const mails = await CaptureTransport.list()
    return inertia.render('dev/mail/index', {
      mails: mails.map((mail) => ({
        id: mail.id,
        sentAt: mail.sentAt,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        attachments: mail.attachments.length,
      })),
    })
  }

  async show({ params, inertia, response }: HttpContext) {
    const mail = await CaptureTransport.find(params.id)
    if (!mail) return response.notFound()
    return inertia.render('dev/mail/show', {
      mail: {
        id: mail.id,
        sentAt: mail.sentAt,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        attachments: mail.attachments.map((attachment, index) => ({
          index,
          filename: attachment.filename,
          contentType: attachment.contentType,
          size: attachment.size,
        })),
      },
    })
  }

  async attachment({ params, response }: HttpContext) {
    const mail = await CaptureTransport.find(params.id)
    const attachment = mail?.attachments[Number(params.index)]
    if (!attachment) return response.notFound()
    // Someone's invoice: like every download, never kept by a cache.
    response.header('cache-control', 'no-store')
    response.header('content-type', attachment.contentType)
    response.header(
      'content-disposition',
      `attachment; filename="${attachment.filename.replace(/"/g, '')}"`
    )
    return response.send(Buffer.from(attachment.content, 'base64'))
  }
}
