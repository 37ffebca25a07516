import type Tenant from '#tenancy/models/tenant'
import { CustomerMail } from '#core/mail/customer_mail'
import type { OpenInvoice } from '#reports/queries/receivables'

/**
 * A polite reminder to a customer that an invoice is past due, sent on the
 * company's behalf in the company's language (Spanish by default). It
 * names the invoice, its due date and what is still owed; nothing is
 * attached (the customer already has the document).
 */
export default class ReceivableReminderMail extends CustomerMail {
  constructor(
    recipients: string[],
    tenant: Tenant,
    private readonly invoice: OpenInvoice
  ) {
    super(recipients, tenant)
  }

  prepare() {
    const { locale, i18n } = this.companyLanguage()
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
      outstanding: this.money(locale, this.invoice.outstanding, this.tenant.currency),
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
    this.compose({
      subject: t('subject'),
      htmlView: 'emails/reports/reminder',
      view,
      text: [
        view.heading,
        '',
        view.greeting,
        view.intro,
        '',
        null,
        '',
        view.closing,
        '',
        view.footer,
      ],
    })
  }
}
