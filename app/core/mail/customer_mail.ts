import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import type Tenant from '#tenancy/models/tenant'
import { countryWords, shownCurrency } from '#core/country_words'

/** One labelled line of a customer e-mail's summary (number, date, total…). */
export interface MailRow {
  label: string
  value: string | null
}

/**
 * An e-mail a company sends its customer, in the company's language
 * (Spanish when the company's is not supported): the first address is the
 * recipient and the others are copied; the HTML view and the plain text
 * carry the same rows.
 */
export abstract class CustomerMail extends BaseMail {
  #logo: { content: Buffer; contentType: string } | null = null

  /** The company's logo, shown at the top of the e-mail (embedded, never fetched from a server). */
  withLogo(logo: { content: Buffer; contentType: string } | null) {
    this.#logo = logo
    return this
  }

  constructor(
    readonly recipients: string[],
    protected readonly tenant: Tenant
  ) {
    super()
  }

  /** The company's language and the i18n to write in. */
  protected companyLanguage() {
    const locale = i18nManager.supportedLocales().includes(this.tenant.locale)
      ? this.tenant.locale
      : 'es'
    return { locale, i18n: i18nManager.locale(locale) }
  }

  /**
   * An amount as the company's pages write it: the language with the
   * country as region ("es-PA") and the currency as the country shows it
   * (Panama's B/.).
   */
  protected money(language: string, amount: string | number, currency: string) {
    return new Intl.NumberFormat(`${language}-${this.tenant.country}`, {
      style: 'currency',
      currency: shownCurrency(this.tenant.country, currency),
    }).format(Number(amount))
  }

  /** The country's words (`{tax}`, `{key}`, `{printed}`, `{authority}`…) for the e-mail's messages. */
  protected countryWords(language: string) {
    return countryWords(this.tenant.country, language)
  }

  /** Addresses, subject, HTML view and plain text (paragraphs, rows in their place as null). */
  protected compose(content: {
    subject: string
    htmlView: string
    view: { rows: MailRow[] } & Record<string, unknown>
    text: Array<string | null>
  }) {
    this.message.to(this.recipients[0])
    for (const extra of this.recipients.slice(1)) this.message.cc(extra)
    this.message.subject(content.subject)
    if (this.#logo) {
      this.message.embedData(this.#logo.content, 'company-logo', {
        contentType: this.#logo.contentType,
      })
    }
    this.message.htmlView(content.htmlView, {
      ...content.view,
      logo: this.#logo ? 'cid:company-logo' : null,
      logoAlt: this.tenant.tradeName || this.tenant.legalName,
    })
    const rows = content.view.rows.map((row) => `${row.label}: ${row.value}`)
    this.message.text(content.text.flatMap((line) => (line === null ? rows : [line])).join('\n'))
  }
}
