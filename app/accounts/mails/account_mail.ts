import { BaseMail } from '@adonisjs/mail'
import { composeActionMail, mailLanguage } from '#core/mail/action_mail'
import type { I18n } from '@adonisjs/i18n'

/**
 * The account e-mails share one layout: a heading, a few paragraphs, one
 * button and the link in plain text. Each mail names its translations
 * (`accounts.mails.<key>.*`) and its link; the language is the recipient's
 * (or the company's, for invitations), Spanish when unknown.
 */
export abstract class AccountMail extends BaseMail {
  /** The link the button opens (kept public so tests can follow it). */
  abstract readonly url: string
  protected abstract readonly recipient: string
  protected abstract readonly locale: string
  protected abstract readonly key: string
  /** Values for the ICU placeholders of the translations. */
  protected data(_i18n: I18n): Record<string, unknown> {
    return {}
  }

  prepare() {
    const { locale, i18n } = mailLanguage(this.locale)
    const data = this.data(i18n)
    const t = (name: string) => i18n.t(`accounts.mails.${this.key}.${name}`, data)
    const common = (name: string) => i18n.t(`accounts.mails.common.${name}`, data)
    composeActionMail(this.message, this.recipient, locale, {
      subject: t('subject'),
      preheader: t('preheader'),
      heading: t('heading'),
      paragraphs: [t('intro'), t('details')],
      button: t('button'),
      url: this.url,
      fallback: common('fallback'),
      note: t('note'),
      footer: common('footer'),
    })
  }
}
