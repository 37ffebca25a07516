import type Tenant from '#tenancy/models/tenant'
import { CustomerMail } from '#core/mail/customer_mail'
import type Document from '#documents/models/document'

export interface DocumentMailFiles {
  xml: string
  pdf: Buffer
  xmlName: string
  pdfName: string
}

/**
 * The authorized document for the customer, its PDF (RIDE, CAFE) and XML
 * attached, in the company's language (Spanish by default), in its
 * country's words. Sent on the company's behalf.
 */
export default class DocumentMail extends CustomerMail {
  constructor(
    recipients: string[],
    tenant: Tenant,
    private readonly document: Document,
    private readonly files: DocumentMailFiles
  ) {
    super(recipients, tenant)
  }

  prepare() {
    const { locale, i18n } = this.companyLanguage()
    const kind = i18n.t(`invoicing.types.${this.document.type}`)
    const data = {
      ...this.countryWords(locale),
      kind,
      number: this.document.number,
      company: this.tenant.tradeName || this.tenant.legalName,
      customer: this.document.buyer.name,
      total: this.money(locale, this.document.total, this.document.currency),
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
    this.compose({
      subject: t('subject'),
      htmlView: 'emails/invoicing/document',
      view,
      text: [view.greeting, '', view.intro, '', null, '', view.attachments, '', view.footer],
    })
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
