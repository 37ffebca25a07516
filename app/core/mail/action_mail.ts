import type { Message } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'

/**
 * What a one-button e-mail to a member says: a heading, a few paragraphs,
 * one button with its link also written out, an optional note and the
 * footer. The account, certificate, folio, billing and webhook alerts all
 * have this shape (the view is emails/accounts/action).
 */
export interface ActionMailContent {
  subject: string
  preheader: string
  heading: string
  paragraphs: string[]
  button: string
  url: string
  fallback: string
  note?: string
  footer: string
}

/** The recipient's language when Facturo speaks it, Spanish otherwise, and its i18n. */
export function mailLanguage(locale: string) {
  const supported = i18nManager.supportedLocales().includes(locale) ? locale : 'es'
  return { locale: supported, i18n: i18nManager.locale(supported) }
}

/** Addresses the message and writes its HTML view and its plain text from the same content. */
export function composeActionMail(
  message: Message,
  recipient: string,
  locale: string,
  content: ActionMailContent
) {
  const { subject, ...view } = content
  message.to(recipient).subject(subject)
  message.htmlView('emails/accounts/action', { lang: locale, ...view })
  message.text(
    [
      view.heading,
      '',
      ...view.paragraphs,
      '',
      `${view.button}: ${view.url}`,
      ...(view.note ? ['', view.note] : []),
      '',
      view.footer,
    ].join('\n')
  )
}
