/*
|--------------------------------------------------------------------------
| Reminder e-mails about overdue invoices
|--------------------------------------------------------------------------
|
| Once a day, for every company that turned reminders on: each authorized
| invoice still owing something and at least `days_after_due` days past
| its due date gets an e-mail to the buyer's address written on it, at
| most once every REMIND_EVERY_DAYS days, each one recorded. Invoices
| without an address are left alone. Nothing about the invoice changes.
| A company's run holds an advisory lock, so two runs at once (a manual
| one during the scheduled one) cannot remind anybody twice.
|
*/
import { companyLogo } from '#tenancy/models/company_logo'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import Tenant from '#tenancy/models/tenant'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import { recipientsOf } from '#documents/mail/queue_document_email'
import { clock } from '#core/clock'
import { openInvoices } from '#reports/queries/receivables'
import { companyToday } from '#reports/company_calendar'
import ReceivableReminder from '#reports/models/receivable_reminder'
import ReceivableReminderSetting from '#reports/models/receivable_reminder_setting'
import ReceivableReminderMail from '#reports/mails/receivable_reminder_mail'

/** An invoice is reminded at most once in this many days. */
export const REMIND_EVERY_DAYS = 30

export interface ReminderReport {
  companies: number
  sent: number
  withoutAddress: number
  failed: number
}

/** One company's reminders; runs in its tenant context. */
export async function remindOverdueCustomers(tenant: Tenant, now: Date = clock.now()) {
  const result = { sent: 0, withoutAddress: 0, failed: 0 }
  const settings = await ReceivableReminderSetting.query().first()
  if (!settings?.enabled) return result
  await db.transaction(async (trx) => {
    await trx.rawQuery('select pg_advisory_xact_lock(hashtext(?), ?)', [
      'facturo:receivable-reminders',
      tenant.id,
    ])
    const today = companyToday(tenant, DateTime.fromJSDate(now))
    const open = await openInvoices(tenant.authorityEnvironment, today, { client: trx })
    const overdue = open.filter((invoice) => invoice.daysOverdue >= settings.daysAfterDue)
    if (overdue.length === 0) return
    const ids = overdue.map((invoice) => invoice.id)
    const since = DateTime.fromJSDate(now).minus({ days: REMIND_EVERY_DAYS })
    const recent = await ReceivableReminder.query({ client: trx })
      .whereIn('document_id', ids)
      .where('sent_at', '>', since.toJSDate())
      .select('document_id')
    const reminded = new Set(recent.map((row) => row.documentId))
    const documents = await Document.query({ client: trx }).whereIn('id', ids).select('id', 'buyer')
    const buyers = new Map(documents.map((document) => [document.id, recipientsOf(document)]))
    for (const invoice of overdue) {
      if (reminded.has(invoice.id)) continue
      const recipients = buyers.get(invoice.id) ?? []
      if (recipients.length === 0) {
        result.withoutAddress++
        continue
      }
      try {
        await mail.send(
          new ReceivableReminderMail(recipients, tenant, invoice).withLogo(await companyLogo())
        )
      } catch (error) {
        // The rest waits for tomorrow; what was sent stays recorded.
        logger.warn({ err: (error as Error).message, tenantId: tenant.id }, 'reminder not sent')
        result.failed++
        break
      }
      await ReceivableReminder.create(
        {
          documentId: invoice.id,
          sentTo: recipients.join(', ').slice(0, 320),
          daysOverdue: invoice.daysOverdue,
          outstanding: invoice.outstanding,
          sentAt: DateTime.fromJSDate(now),
        },
        { client: trx }
      )
      result.sent++
    }
  })
  return result
}

/** Every company that turned reminders on (platform code: it starts from all of them). */
export async function sendReceivableReminders(now: Date = clock.now()): Promise<ReminderReport> {
  const enabled = await withoutTenantScope(
    'reminder e-mails look for the companies that turned them on',
    () => ReceivableReminderSetting.query().where('enabled', true).select('tenant_id')
  )
  const report: ReminderReport = { companies: 0, sent: 0, withoutAddress: 0, failed: 0 }
  if (enabled.length === 0) return report
  const tenants = await Tenant.query()
    .whereIn(
      'id',
      enabled.map((row) => row.tenantId)
    )
    .whereNot('status', 'CANCELLED')
    .orderBy('id')
  for (const tenant of tenants) {
    const result = await tenantContext.run(tenant, () => remindOverdueCustomers(tenant, now))
    report.companies++
    report.sent += result.sent
    report.withoutAddress += result.withoutAddress
    report.failed += result.failed
  }
  return report
}
