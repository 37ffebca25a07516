import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * One captured message as stored under tmp/mail/<id>.json and listed by the
 * development mail page.
 */
export interface CapturedMail {
  id: string
  sentAt: string
  from: string
  to: string[]
  subject: string
  html: string | null
  text: string | null
  attachments: { filename: string; contentType: string; size: number; content: string }[]
}

function addressList(value: unknown): string[] {
  if (!value) return []
  const list = Array.isArray(value) ? value : [value]
  return list.map((entry) =>
    typeof entry === 'string' ? entry : `${entry.name ? `${entry.name} ` : ''}<${entry.address}>`
  )
}

function toBuffer(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) return content
  if (typeof content === 'string') return Buffer.from(content)
  return Buffer.alloc(0)
}

/**
 * Development transport: instead of talking SMTP, it keeps each message with
 * its attachments on disk so a newcomer can read password-reset or invoice
 * e-mails at /dev/mail without running a mail server.
 */
export class CaptureTransport implements MailTransportContract {
  static directory() {
    return app.tmpPath('mail')
  }

  async send(message: NodeMailerMessage) {
    const id = `${Date.now()}-${randomUUID().slice(0, 8)}`
    const mail: CapturedMail = {
      id,
      sentAt: new Date().toISOString(),
      from: addressList(message.from).join(', '),
      to: addressList(message.to),
      subject: String(message.subject ?? ''),
      html: typeof message.html === 'string' ? message.html : null,
      text: typeof message.text === 'string' ? message.text : null,
      attachments: (message.attachments ?? []).map((attachment) => {
        const content = toBuffer(attachment.content)
        return {
          filename: String(attachment.filename ?? 'adjunto'),
          contentType: String(attachment.contentType ?? 'application/octet-stream'),
          size: content.length,
          content: content.toString('base64'),
        }
      }),
    }
    await mkdir(CaptureTransport.directory(), { recursive: true })
    await writeFile(`${CaptureTransport.directory()}/${id}.json`, JSON.stringify(mail))
    return new MailResponse(id, { from: mail.from, to: mail.to }, mail)
  }

  static async list(): Promise<CapturedMail[]> {
    let files: string[] = []
    try {
      files = await readdir(CaptureTransport.directory())
    } catch {
      return []
    }
    const mails = await Promise.all(
      files
        .filter((file) => file.endsWith('.json'))
        .map(async (file) =>
          JSON.parse(await readFile(`${CaptureTransport.directory()}/${file}`, 'utf8'))
        )
    )
    return (mails as CapturedMail[]).sort((a, b) => b.id.localeCompare(a.id))
  }

  static async find(id: string): Promise<CapturedMail | null> {
    if (!/^[\w-]+$/.test(id)) return null
    try {
      return JSON.parse(await readFile(`${CaptureTransport.directory()}/${id}.json`, 'utf8'))
    } catch {
      return null
    }
  }
}
