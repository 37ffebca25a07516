import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'

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
    const locale = i18nManager.supportedLocales().includes(this.locale) ? this.locale : 'es'
    const i18n = i18nManager.locale(locale)
    const key = this.expired ? 'expired' : 'expiring'
    const t = (name: string) => i18n.t(`certificates.mails.${key}.${name}`, { ...this.details })
    const common = (name: string) => i18n.t(`certificates.mails.common.${name}`)

    const view = {
      lang: locale,
      preheader: t('preheader'),
      heading: t('heading'),
      paragraphs: [t('intro'), t('details')],
      button: common('button'),
      url: this.url,
      fallback: common('fallback'),
      note: common('note'),
      footer: common('footer'),
    }
    this.message.to(this.recipient).subject(t('subject'))
    this.message.htmlView('emails/accounts/action', view)
    this.message.text(
      [
        view.heading,
        '',
        ...view.paragraphs,
        '',
        `${view.button}: ${view.url}`,
        '',
        view.note,
        '',
        view.footer,
      ].join('\n')
    )
  }
}
