import { shownCurrency } from '#core/country_words'
import type { HttpContext } from '@adonisjs/core/http'
import Document from '#documents/models/document'
import InvoicePayment from '#reports/models/invoice_payment'
import RecordPayment, { PaymentRefusedException } from '#reports/actions/record_payment'
import { openInvoices, summarize } from '#reports/queries/receivables'
import { companyToday, formatLocale } from '#reports/company_calendar'
import { paymentValidator, reminderSettingsValidator } from '#reports/validators'
import SaveReminderSettings, { reminderSettings } from '#reports/actions/save_reminder_settings'
import { lastReminders } from '#reports/queries/receivables'
import { audit } from '#accounts/audit/audit_service'

/**
 * What customers still owe: the aging summary, the balance per customer,
 * the open invoices and when each was last reminded; recording a payment
 * against one of them; the company's reminder e-mails. Another company's
 * invoice or payment is 404.
 */
export default class ReceivablesController {
  async index({ inertia, tenant, i18n }: HttpContext) {
    const today = companyToday(tenant!)
    const invoices = await openInvoices(tenant!.authorityEnvironment, today)
    const shown = invoices.slice(0, 500)
    return inertia.render('reports/receivables/index', {
      today: today.toISODate()!,
      format: {
        locale: formatLocale(i18n.locale, tenant!),
        currency: shownCurrency(tenant!.country, tenant!.currency),
      },
      ...summarize(invoices),
      invoices: shown,
      reminders: await reminderSettings(),
      lastReminded: await lastReminders(shown.map((invoice) => invoice.id)),
    })
  }

  async payments({ params, response }: HttpContext) {
    const invoice = await Document.query()
      .where('id', params.id)
      .where('type', 'invoice')
      .firstOrFail()
    const payments = await InvoicePayment.query()
      .where('document_id', invoice.id)
      .orderBy('paid_on')
      .orderBy('id')
    return response.json(
      payments.map((payment) => ({
        id: payment.id,
        paidOn: payment.paidOn.toISODate(),
        method: payment.method,
        amount: payment.amount,
        reference: payment.reference,
      }))
    )
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, params } = ctx
    const input = await request.validateUsing(paymentValidator)
    try {
      await new RecordPayment().handle(ctx, Number(params.id), input)
    } catch (error) {
      if (!(error instanceof PaymentRefusedException)) throw error
      session.flashErrors({ amount: error.message })
      return response.redirect().back()
    }
    session.flash('success', i18n.t('reports.receivables.recorded'))
    return response.redirect().toRoute('app.receivables.index')
  }

  async updateReminders(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(reminderSettingsValidator)
    await new SaveReminderSettings().handle(ctx, input)
    ctx.session.flash('success', ctx.i18n.t('reports.reminders.saved'))
    return ctx.response.redirect().toRoute('app.receivables.index')
  }

  async destroy(ctx: HttpContext) {
    const payment = await InvoicePayment.query()
      .where('id', ctx.params.paymentId)
      .where('document_id', ctx.params.id)
      .firstOrFail()
    await payment.delete()
    await audit.record(ctx, 'payment.deleted', {
      entity: 'payment',
      entityId: payment.id,
      before: { documentId: payment.documentId, amount: payment.amount, method: payment.method },
    })
    ctx.session.flash('success', ctx.i18n.t('reports.receivables.deleted'))
    return ctx.response.redirect().toRoute('app.receivables.index')
  }
}
