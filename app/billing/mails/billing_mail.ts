import { BaseMail } from '@adonisjs/mail'
import { composeActionMail, mailLanguage } from '#core/mail/action_mail'

/**
 * The billing e-mails (plan-limit alerts, failed payment, suspension,
 * cancellation, reactivation), in the recipient's language, with one
 * button to the billing page. Texts are `billing.mails.<kind>.*`; they
 * use the shared one-button e-mail layout.
 */
export type BillingMailKind =
  | 'limit_warning'
  | 'limit_reached'
  | 'payment_failed'
  | 'suspended'
  | 'cancelled'
  | 'reactivated'

export default class BillingMail extends BaseMail {
  constructor(
    private readonly recipient: string,
    private readonly locale: string,
    readonly kind: BillingMailKind,
    readonly url: string,
    readonly details: Record<string, string | number>
  ) {
    super()
  }

  prepare() {
    const { locale, i18n } = mailLanguage(this.locale)
    const t = (name: string) => i18n.t(`billing.mails.${this.kind}.${name}`, { ...this.details })
    const common = (name: string) => i18n.t(`billing.mails.common.${name}`)
    composeActionMail(this.message, this.recipient, locale, {
      subject: t('subject'),
      preheader: t('preheader'),
      heading: t('heading'),
      paragraphs: [t('intro'), t('action')],
      button: common('button'),
      url: this.url,
      fallback: common('fallback'),
      note: common('note'),
      footer: common('footer'),
    })
  }
}
