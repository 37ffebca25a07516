import { BaseMail } from '@adonisjs/mail'
import { composeActionMail, mailLanguage } from '#core/mail/action_mail'

export interface WebhookDisabledDetails {
  company: string
  url: string
  failures: number
}

/**
 * "Your webhook was disabled after N failures in a row", to the company's
 * owners, in each one's language, with a button to the webhook's page
 * (its delivery log, "Activar" and "Reenviar"). Shared one-button layout.
 */
export default class WebhookDisabledMail extends BaseMail {
  constructor(
    private readonly recipient: string,
    private readonly locale: string,
    readonly link: string,
    readonly details: WebhookDisabledDetails
  ) {
    super()
  }

  prepare() {
    const { locale, i18n } = mailLanguage(this.locale)
    const t = (name: string) => i18n.t(`webhooks.mails.disabled.${name}`, { ...this.details })
    composeActionMail(this.message, this.recipient, locale, {
      subject: t('subject'),
      preheader: t('preheader'),
      heading: t('heading'),
      paragraphs: [t('intro'), t('action')],
      button: t('button'),
      url: this.link,
      fallback: t('fallback'),
      note: t('note'),
      footer: t('footer'),
    })
  }
}
