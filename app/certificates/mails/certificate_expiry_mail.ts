import { BaseMail } from '@adonisjs/mail'
import { composeActionMail, mailLanguage } from '#core/mail/action_mail'

export interface ExpiryMailDetails {
  company: string
  holder: string
  date: string
  days: number
}

/**
 * "Your signing certificate expires in N days" (or "has expired"), in the
 * recipient's language, with a button to the upload page. Uses the shared
 * one-button e-mail layout.
 */
export default class CertificateExpiryMail extends BaseMail {
  constructor(
    private readonly recipient: string,
    private readonly locale: string,
    readonly url: string,
    private readonly details: ExpiryMailDetails
  ) {
    super()
  }

  get expired() {
    return this.details.days <= 0
  }

  prepare() {
    const { locale, i18n } = mailLanguage(this.locale)
    const key = this.expired ? 'expired' : 'expiring'
    const t = (name: string) => i18n.t(`certificates.mails.${key}.${name}`, { ...this.details })
    const common = (name: string) => i18n.t(`certificates.mails.common.${name}`)
    composeActionMail(this.message, this.recipient, locale, {
      subject: t('subject'),
      preheader: t('preheader'),
      heading: t('heading'),
      paragraphs: [t('intro'), t('details')],
      button: common('button'),
      url: this.url,
      fallback: common('fallback'),
      note: common('note'),
      footer: common('footer'),
    })
  }
}
