import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import type Tenant from '#tenancy/models/tenant'
import AuditLog from '#accounts/models/audit_log'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { companyToday } from '#reports/company_calendar'
import ReceivableReminder from '#reports/models/receivable_reminder'
import ReceivableReminderMail from '#reports/mails/receivable_reminder_mail'
import { sendReceivableReminders } from '#reports/actions/send_receivable_reminders'

const NOW = new Date('2031-06-15T15:00:00.000Z')
const line = (base: string) => [{ code: 'P1', category: 'iva_15', base, rate: '15' }]

async function settingsPage(client: any, user: any, locale?: string) {
  const request = client.get('/app/receivables').loginAs(user).withInertia()
  if (locale) request.withSession({ locale })
  const response = await request
  response.assertStatus(200)
  return response.inertiaProps as any
}

function saveSettings(client: any, user: any, body: Record<string, unknown>, locale?: string) {
  const request = client
    .put('/app/receivables/reminders')
    .json(body)
    .loginAs(user)
    .withCsrfToken()
    .withInertia()
    .redirects(0)
  if (locale) request.withSession({ locale })
  return request
}

test.group('Reminder e-mails: the company setting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('off by default; the owner turns them on (audited); another company stays off', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const other = await createCompany('OWNER')
    let props = await settingsPage(client, user)
    assert.deepEqual(props.reminders, { enabled: false, daysAfterDue: 7 })

    const response = await saveSettings(client, user, { enabled: true, daysAfterDue: 15 })
    // Inertia answers a PUT with 303 so the browser follows with a GET.
    response.assertStatus(303)
    assert.equal(response.header('location'), '/app/receivables')
    props = await settingsPage(client, user)
    assert.deepEqual(props.reminders, { enabled: true, daysAfterDue: 15 })
    const others = await settingsPage(client, other.user)
    assert.deepEqual(others.reminders, { enabled: false, daysAfterDue: 7 })

    const [entry] = await tenantContext.run(tenant, () =>
      AuditLog.query().where('action', 'receivables.reminders_updated')
    )
    assert.deepEqual(entry.before, { enabled: false, daysAfterDue: 7 })
    assert.deepEqual(entry.after, { enabled: true, daysAfterDue: 15 })
  })

  test('a day count out of range is refused with a message in the member language; nothing changes', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    await saveSettings(client, user, { enabled: true, daysAfterDue: 20 })
    for (const [days, locale, text] of [
      [0, undefined, 'entre 1 y 90'],
      [91, 'en', 'between 1 and 90'],
      ['pronto', undefined, 'número'],
    ] as const) {
      const response = await saveSettings(
        client,
        user,
        { enabled: false, daysAfterDue: days },
        locale
      )
      response.assertStatus(303)
      const flashed = response.flashMessages()
      assert.include(String(flashed.errors?.daysAfterDue?.[0] ?? ''), text)
      const props = await settingsPage(client, user, locale)
      assert.deepEqual(props.reminders, { enabled: true, daysAfterDue: 20 })
    }
  })

  test('members who may not change settings see the state, not the form, and are refused', async ({
    client,
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR', { isDefault: true })
    const page = await client.get('/app/receivables').loginAs(operator)
    const html = page.text()
    assert.include(html, 'Recordatorios por correo')
    assert.include(html, 'Los recordatorios están desactivados.')
    assert.notInclude(html, 'data-form="reminders"')
    const response = await saveSettings(client, operator, { enabled: true, daysAfterDue: 3 })
    response.assertStatus(403)
    const props = await settingsPage(client, operator)
    assert.isFalse(props.reminders.enabled)

    const english = await client
      .get('/app/receivables')
      .loginAs(operator)
      .withSession({ locale: 'en' })
    assert.include(english.text(), 'Reminder e-mails')
    assert.include(english.text(), 'Reminders are off.')
  })
})

test.group('Reminder e-mails: the daily run', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  async function company(enabled: boolean, locale = 'es') {
    const created = await createCompany('OWNER', { locale } as any)
    const tenant = created.tenant as Tenant
    const point = await seedPoint(tenant, '001')
    const today = companyToday(tenant, DateTime.fromJSDate(NOW))
    const daysAgo = (days: number) => today.minus({ days }).toISODate()!
    if (enabled) {
      await tenantContext.run(tenant, () =>
        db.table('receivable_reminder_settings').insert({
          tenant_id: tenant.id,
          enabled: true,
          days_after_due: 7,
          created_at: NOW,
        })
      )
    }
    return { ...created, tenant, point, daysAgo }
  }

  test('overdue invoices with an address are reminded once a month, in the company language', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const a = await company(true)
    const buyer = { identification: '0926687856', name: 'Juan Andrade', email: 'juan@cliente.ec' }
    const overdue = await seedDocument(a.tenant, {
      issueDate: a.daysAgo(10),
      point: a.point,
      buyer,
      lines: line('100.00'),
    })
    // Not yet 7 days past due; no address; paid in full: none of them.
    await seedDocument(a.tenant, {
      issueDate: a.daysAgo(3),
      point: a.point,
      buyer,
      lines: line('50.00'),
    })
    await seedDocument(a.tenant, {
      issueDate: a.daysAgo(40),
      point: a.point,
      buyer: { identification: '1790012345001', name: 'Sin Correo S.A.' },
      lines: line('70.00'),
    })
    const paid = await seedDocument(a.tenant, {
      issueDate: a.daysAgo(40),
      point: a.point,
      buyer,
      lines: line('20.00'),
    })
    await tenantContext.run(a.tenant, () =>
      db.table('invoice_payments').insert({
        tenant_id: a.tenant.id,
        document_id: paid.id,
        paid_on: a.daysAgo(1),
        method: 'cash',
        amount: paid.total,
        created_at: NOW,
      })
    )
    // A company that did not turn reminders on.
    const b = await company(false)
    await seedDocument(b.tenant, {
      issueDate: b.daysAgo(30),
      point: b.point,
      buyer,
      lines: line('10.00'),
    })

    const report = await sendReceivableReminders(NOW)
    assert.deepInclude(report, { sent: 1, withoutAddress: 1, failed: 0 })
    const sent = mails.sent().filter((item) => item instanceof ReceivableReminderMail)
    assert.lengthOf(sent, 1)
    const message = sent[0].message
    assert.isTrue(message.hasTo('juan@cliente.ec'))
    assert.isTrue(
      message.hasSubject(
        `Recordatorio: la factura ${overdue.number} de ${a.tenant.tradeName} está vencida`
      )
    )
    const text = message.toJSON().message.text as string
    assert.include(text, 'venció hace 10 días')
    assert.include(text, '115,00')

    const rows = await tenantContext.run(a.tenant, () => ReceivableReminder.query())
    assert.deepEqual(
      rows.map((row) => [row.documentId, row.sentTo, row.daysOverdue, row.outstanding]),
      [[overdue.id, 'juan@cliente.ec', 10, '115.00']]
    )
    const page = await settingsPage(client, a.user)
    assert.isString(page.lastReminded[overdue.id])

    // The next morning: nothing new. A month later: reminded again.
    const tomorrow = new Date(NOW.getTime() + 86_400_000)
    const nextMorning = await sendReceivableReminders(tomorrow)
    assert.equal(nextMorning.sent, 0)
    const nextMonth = new Date(NOW.getTime() + 31 * 86_400_000)
    const later = await sendReceivableReminders(nextMonth)
    assert.isAtLeast(later.sent, 2)
    const again = await tenantContext.run(a.tenant, () =>
      ReceivableReminder.query().where('document_id', overdue.id)
    )
    assert.lengthOf(again, 2)
  })

  test('a company working in English writes its reminders in English', async ({ assert }) => {
    const { mails } = mail.fake()
    const a = await company(true, 'en')
    const overdue = await seedDocument(a.tenant, {
      issueDate: a.daysAgo(8),
      point: a.point,
      buyer: { identification: '0926687856', name: 'Juan Andrade', email: 'juan@cliente.ec' },
      lines: line('100.00'),
    })
    await sendReceivableReminders(NOW)
    const [sent] = mails.sent().filter((item) => item instanceof ReceivableReminderMail)
    assert.isTrue(
      sent.message.hasSubject(
        `Reminder: invoice ${overdue.number} from ${a.tenant.tradeName} is past due`
      )
    )
    assert.include(sent.message.toJSON().message.text as string, 'fell due 8 days ago')
  })
})
