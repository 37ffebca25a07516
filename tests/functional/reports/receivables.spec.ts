import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createCompany, addMember, createUser } from '#tests/helpers/accounts'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { companyToday } from '#reports/company_calendar'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import InvoicePayment from '#reports/models/invoice_payment'
import type Tenant from '#tenancy/models/tenant'

const A = { identification: '0926687856', name: 'Juan Carlos Andrade' }
const B = { identification: '1790012345001', name: 'Comercial Quito S.A.' }

/**
 * Invoices due on their issue date (no payment term), by hand:
 *   A: 45 days ago, 100.00 + 15.00 = 115.00, credit note 20.00 + 3.00 → owes 92.00 (31–60)
 *   B: 100 days ago, 200.00 + 30.00 = 230.00 → owes 230.00 (over 90)
 *   B: today, 10.00 → owes 10.00 (not yet due)
 *   a REJECTED invoice and another company's invoice owe nothing here.
 */
async function seed() {
  const company = await createCompany('OPERATOR')
  const other = await createCompany('OWNER')
  const today = companyToday(company.tenant)
  const ago = (days: number) => today.minus({ days }).toISODate()!
  const point = await seedPoint(company.tenant, '001')
  const iva15 = (base: string) => [{ code: 'P1', category: 'iva_15', base, rate: '15' }]
  const a = await seedDocument(company.tenant, {
    issueDate: ago(45),
    point,
    buyer: A,
    lines: iva15('100.00'),
  })
  await seedDocument(company.tenant, {
    type: 'credit_note',
    issueDate: ago(40),
    point,
    buyer: A,
    referencedDocumentId: a.id,
    lines: iva15('20.00'),
  })
  const b = await seedDocument(company.tenant, {
    issueDate: ago(100),
    point,
    buyer: B,
    lines: iva15('200.00'),
  })
  await seedDocument(company.tenant, {
    issueDate: ago(0),
    point,
    buyer: B,
    lines: [{ code: 'S1', category: 'iva_0', base: '10.00', rate: '0' }],
  })
  await seedDocument(company.tenant, {
    status: 'REJECTED',
    issueDate: ago(10),
    point,
    buyer: A,
    lines: iva15('50.00'),
  })
  const otherPoint = await seedPoint(other.tenant, '001')
  const foreign = await seedDocument(other.tenant, {
    issueDate: ago(5),
    point: otherPoint,
    buyer: A,
    lines: iva15('70.00'),
  })
  return { ...company, a, b, foreign, today }
}

test.group('Receivables', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('aging, balances per customer and open invoices', async ({ client, assert }) => {
    const { user } = await seed()
    const response = await client.get('/app/receivables').loginAs(user).withInertia()
    response.assertStatus(200)
    const props = response.inertiaProps as any
    assert.equal(props.total, '332.00')
    assert.deepEqual(props.aging, {
      not_due: '10.00',
      d1_30: '0.00',
      d31_60: '92.00',
      d61_90: '0.00',
      d90_plus: '230.00',
    })
    assert.deepEqual(
      props.customers.map((row: any) => [
        row.identification,
        row.invoices,
        row.outstanding,
        row.overdue,
      ]),
      [
        [B.identification, 2, '240.00', '230.00'],
        [A.identification, 1, '92.00', '92.00'],
      ]
    )
    assert.deepEqual(
      props.invoices.map((row: any) => [
        row.total,
        row.credited,
        row.paid,
        row.outstanding,
        row.daysOverdue,
      ]),
      [
        ['230.00', '0.00', '0.00', '230.00', 100],
        ['115.00', '23.00', '0.00', '92.00', 45],
        ['10.00', '0.00', '0.00', '10.00', 0],
      ]
    )
  })

  test('partial payments reduce the balance and never change the invoice; more than owed is refused', async ({
    client,
    assert,
  }) => {
    const { user, tenant, a, today } = await seed()
    const pay = (amount: string) =>
      client
        .post(`/app/receivables/${a.id}/payments`)
        .form({ paidOn: today.toISODate(), method: 'transfer', amount, reference: 'TR-1' })
        .loginAs(user)
        .withCsrfToken()
        .withInertia()
        .redirects(0)
    const first = await pay('50.00')
    first.assertStatus(302)
    const refused = await pay('42.01')
    refused.assertStatus(302)
    assert.match(
      JSON.stringify(refused.flashMessages()),
      /supera el saldo pendiente de la factura \(42\.00\)/
    )
    const last = await pay('42.00')
    last.assertStatus(302)

    const after = await client.get('/app/receivables').loginAs(user).withInertia()
    const props = after.inertiaProps as any
    assert.notInclude(
      props.invoices.map((row: any) => row.id),
      a.id
    )
    assert.equal(props.aging.d31_60, '0.00')

    await tenantContext.run(tenant as Tenant, async () => {
      const payments = await InvoicePayment.query().where('document_id', a.id)
      assert.deepEqual(payments.map((payment) => payment.amount).sort(), ['42.00', '50.00'])
      const invoice = await Document.findOrFail(a.id)
      assert.equal(invoice.status, 'AUTHORIZED')
      assert.equal(invoice.total, '115.00')
    })

    const list = await client.get(`/app/receivables/${a.id}/payments`).loginAs(user)
    assert.lengthOf(list.body(), 2)
    const removed = await client
      .delete(`/app/receivables/${a.id}/payments/${list.body()[0].id}`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    removed.assertStatus(302)
    const again = await client.get('/app/receivables').loginAs(user).withInertia()
    assert.equal((again.inertiaProps as any).aging.d31_60, '50.00')
  })

  test('bad input gets a message, nothing saved', async ({ client, assert }) => {
    const { user, tenant, a } = await seed()
    const response = await client
      .post(`/app/receivables/${a.id}/payments`)
      .form({ paidOn: 'ayer', method: 'bitcoin', amount: '-5' })
      .loginAs(user)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    response.assertStatus(302)
    const flashed = JSON.stringify(response.flashMessages())
    for (const field of ['paidOn', 'method', 'amount']) assert.include(flashed, field)
    const count = await tenantContext.run(tenant as Tenant, () =>
      InvoicePayment.query().count('* as n')
    )
    assert.equal(Number(count[0].$extras.n), 0)
  })

  test("another company's invoice is 404; the read-only member cannot record", async ({
    client,
  }) => {
    const { user, tenant, foreign, a, today } = await seed()
    const form = { paidOn: today.toISODate(), method: 'cash', amount: '1.00' }
    const foreignPost = await client
      .post(`/app/receivables/${foreign.id}/payments`)
      .form(form)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    foreignPost.assertStatus(404)
    const foreignList = await client.get(`/app/receivables/${foreign.id}/payments`).loginAs(user)
    foreignList.assertStatus(404)

    const reader = await createUser()
    await addMember(tenant as Tenant, reader, 'READONLY', { isDefault: true })
    const readonlyView = await client.get('/app/receivables').loginAs(reader).withInertia()
    readonlyView.assertStatus(200)
    const readonlyPost = await client
      .post(`/app/receivables/${a.id}/payments`)
      .form(form)
      .loginAs(reader)
      .withCsrfToken()
      .redirects(0)
    readonlyPost.assertStatus(403)
  })
})
