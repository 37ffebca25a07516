import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import type Tenant from '#tenancy/models/tenant'
import type { OpenInvoice } from '#reports/queries/receivables'

/**
 * A polite reminder to a customer that an invoice is past due, sent on the
 * company's behalf in the company's language (Spanish by default). It
 * names the invoice, its due date and what is still owed; nothing is
 * attached (the customer already has the document).
 */
export default class ReceivableReminderMail extends BaseMail {
  constructor(
    readonly recipients: string[],
    private readonly tenant: Tenant,
    private readonly invoice: OpenInvoice
  ) {
    super()
  }

  prepare() {
    const locale = i18nManager.supportedLocales().includes(this.tenant.locale)
      ? this.tenant.locale
      : 'es'
    const i18n = i18nManager.locale(locale)
    const data = {
      company: this.tenant.tradeName || this.tenant.legalName,
      customer: this.invoice.buyerName,
      number: this.invoice.number ?? '',
      issued: i18n.formatDate(new Date(`${this.invoice.issueDate}T12:00:00Z`), {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }),
      due: i18n.formatDate(new Date(`${this.invoice.dueDate}T12:00:00Z`), {
        dateStyle: 'medium',
        timeZone: 'UTC',
      }),
      days: this.invoice.daysOverdue,
      outstanding: i18n.formatCurrency(Number(this.invoice.outstanding), {
        currency: this.tenant.currency,
      }),
    }
    const t = (name: string) => i18n.t(`reports.reminders.mail.${name}`, data)
    const view = {
      lang: locale,
      preheader: t('preheader'),
      heading: t('heading'),
      greeting: t('greeting'),
      intro: t('intro'),
      rows: [
        { label: t('number'), value: data.number },
        { label: t('issued'), value: data.issued },
        { label: t('due'), value: data.due },
        { label: t('outstanding'), value: data.outstanding },
      ],
      closing: t('closing'),
      footer: t('footer'),
    }
    this.message.to(this.recipients[0])
    for (const extra of this.recipients.slice(1)) this.message.cc(extra)
    this.message.subject(t('subject'))
    this.message.htmlView('emails/reports/reminder', view)
    this.message.text(
      [
        view.heading,
        '',
        view.greeting,
        view.intro,
        '',
        ...view.rows.map((row) => `${row.label}: ${row.value}`),
        '',
        view.closing,
        '',
        view.footer,
      ].join('\n')
    )
  }
}
