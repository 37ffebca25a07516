import { BaseMail } from '@adonisjs/mail'
import { composeActionMail, mailLanguage } from '#core/mail/action_mail'

export interface QuotaMailDetails {
  company: string
  /** Folios left. */
  available: number
  /** Share left, 0–100, when the period's total is known. */
  percent: number | null
  /** The threshold reached: 20, 5 (percent left) or 0 (none left). */
  threshold: number
}

/**
 * "Your folios are running low" (20 % or 5 % left) or "you have no folios
 * left", in the recipient's language, with a button to the credentials
 * page where the figures are. Same one-button layout as the certificate
 * expiry alert.
 */
export default class QuotaLowMail extends BaseMail {
  constructor(
    private readonly recipient: string,
    private readonly locale: string,
    readonly url: string,
    private readonly details: QuotaMailDetails
  ) {
    super()
  }

  get exhausted() {
    return this.details.threshold === 0
  }

  prepare() {
    const { locale, i18n } = mailLanguage(this.locale)
    const key = this.exhausted ? 'quota_exhausted' : 'quota_low'
    const values = { ...this.details, percent: this.details.percent ?? this.details.threshold }
    const t = (name: string) => i18n.t(`certificates.mails.${key}.${name}`, values)
    const common = (name: string) => i18n.t(`certificates.mails.quota_common.${name}`)
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
