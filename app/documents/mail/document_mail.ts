import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import type Tenant from '#tenancy/models/tenant'
import type Document from '#documents/models/document'

export interface DocumentMailFiles {
  xml: string
  pdf: Buffer
  xmlName: string
  pdfName: string
}

/**
 * The authorized document for the customer, RIDE and XML attached, in the
 * company's language (Spanish by default). Sent on the company's behalf.
 */
export default class DocumentMail extends BaseMail {
  constructor(
    readonly recipients: string[],
    private readonly tenant: Tenant,
    private readonly document: Document,
    private readonly files: DocumentMailFiles
  ) {
    super()
  }

  prepare() {
    const locale = i18nManager.supportedLocales().includes(this.tenant.locale)
      ? this.tenant.locale
      : 'es'
    const i18n = i18nManager.locale(locale)
    const kind = i18n.t(`invoicing.types.${this.document.type}`)
    const data = {
      kind,
      number: this.document.number,
      company: this.tenant.tradeName || this.tenant.legalName,
      customer: this.document.buyer.name,
      total: i18n.formatCurrency(Number(this.document.total), { currency: this.document.currency }),
      date: this.document.issueDate.toFormat('dd/MM/yyyy'),
      accessKey: this.document.accessKey,
    }
    const t = (name: string) => i18n.t(`invoicing.mail.${name}`, data)
    const view = {
      lang: locale,
      preheader: t('preheader'),
      heading: t('heading'),
      greeting: t('greeting'),
      intro: t('intro'),
      rows: [
        { label: t('number'), value: data.number },
        { label: t('date'), value: data.date },
        { label: t('total'), value: data.total },
        { label: t('access_key'), value: data.accessKey },
      ],
      attachments: t('attachments'),
      footer: t('footer'),
    }
    this.message.to(this.recipients[0])
    for (const extra of this.recipients.slice(1)) this.message.cc(extra)
    this.message.subject(t('subject'))
    this.message.htmlView('emails/invoicing/document', view)
    this.message.text(
      [
        view.greeting,
        '',
        view.intro,
        '',
        ...view.rows.map((row) => `${row.label}: ${row.value}`),
        '',
        view.attachments,
        '',
        view.footer,
      ].join('\n')
    )
    this.message.attachData(this.files.pdf, {
      filename: this.files.pdfName,
      contentType: 'application/pdf',
    })
    this.message.attachData(Buffer.from(this.files.xml, 'utf8'), {
      filename: this.files.xmlName,
      contentType: 'application/xml',
    })
  }
}
