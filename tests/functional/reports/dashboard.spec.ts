import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createCompany } from '#tests/helpers/accounts'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { companyToday } from '#reports/company_calendar'

const A = { identification: '0926687856', name: 'Juan Carlos Andrade' }
const B = { identification: '1790012345001', name: 'Comercial Quito S.A.' }

/**
 * Dates relative to the company's today (Ecuador's calendar), figures by
 * hand:
 *   this month   INV  A  iva_15 100.00 (15.00) + iva_0 20.00 = 135.00
 *                CN   A  iva_15  20.00 ( 3.00)               =  23.00
 *                REJECTED and PENDING invoices (not sales)
 *   last month   INV  B  iva_0 80.00                          =  80.00
 *   11 months ago INV B  iva_15 10.00 (1.50)                  =  11.50
 *   13 months ago INV A  iva_15 999.00 (outside the 12 months)
 *   another company: INV this month iva_15 5000.00
 */
async function seed() {
  const company = await createCompany('OWNER')
  const other = await createCompany('OWNER')
  const today = companyToday(company.tenant)
  const monthStart = (ago: number) => today.startOf('month').minus({ months: ago }).toISODate()!
  const point = await seedPoint(company.tenant, '001')
  const iva15 = (code: string, base: string) => ({ code, category: 'iva_15', base, rate: '15' })
  const invoice = await seedDocument(company.tenant, {
    issueDate: monthStart(0),
    point,
    buyer: A,
    lines: [
      iva15('TAL-1', '100.00'),
      { code: 'SRV-1', category: 'iva_0', base: '20.00', rate: '0' },
    ],
  })
  await seedDocument(company.tenant, {
    type: 'credit_note',
    issueDate: monthStart(0),
    point,
    buyer: A,
    referencedDocumentId: invoice.id,
    lines: [iva15('TAL-1', '20.00')],
  })
  await seedDocument(company.tenant, {
    status: 'REJECTED',
    issueDate: monthStart(0),
    point,
    buyer: B,
    lines: [iva15('TAL-1', '700.00')],
  })
  await seedDocument(company.tenant, {
    status: 'PENDING',
    issueDate: monthStart(0),
    point,
    buyer: B,
    lines: [iva15('TAL-1', '600.00')],
  })
  await seedDocument(company.tenant, {
    issueDate: monthStart(1),
    point,
    buyer: B,
    lines: [{ code: 'SRV-1', category: 'iva_0', base: '80.00', rate: '0' }],
  })
  await seedDocument(company.tenant, {
    issueDate: monthStart(11),
    point,
    buyer: B,
    lines: [iva15('CLV-9', '10.00')],
  })
  await seedDocument(company.tenant, {
    issueDate: monthStart(13),
    point,
    buyer: A,
    lines: [iva15('TAL-1', '999.00')],
  })
  const otherPoint = await seedPoint(other.tenant, '001')
  await seedDocument(other.tenant, {
    issueDate: monthStart(0),
    point: otherPoint,
    buyer: A,
    lines: [iva15('TAL-1', '5000.00')],
  })
  return { ...company, monthStart }
}

test.group('Dashboard figures', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('this and last month, twelve months, status mix, top customers and products', async ({
    client,
    assert,
  }) => {
    const { user, monthStart } = await seed()
    const response = await client.get('/app').loginAs(user).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('reports/dashboard/show')
    const props = response.inertiaProps as any
    assert.isFalse(props.empty)
    assert.deepEqual(props.format, { locale: 'es-EC', currency: 'USD' })
    assert.deepEqual(props.thisMonth, {
      month: monthStart(0).slice(0, 7),
      netSubtotal: '100.00',
      netTax: '12.00',
      netTotal: '112.00',
    })
    assert.deepEqual(props.lastMonth, {
      month: monthStart(1).slice(0, 7),
      netSubtotal: '80.00',
      netTax: '0.00',
      netTotal: '80.00',
    })
    assert.lengthOf(props.months, 12)
    assert.deepEqual(props.months[0], {
      month: monthStart(11).slice(0, 7),
      netSubtotal: '10.00',
      netTax: '1.50',
      netTotal: '11.50',
    })
    assert.equal(
      props.months.slice(1, 10).every((month: any) => month.netTotal === '0.00'),
      true
    )

    const counts = Object.fromEntries(props.statuses.map((item: any) => [item.status, item.count]))
    assert.deepEqual(counts, { AUTHORIZED: 5, REJECTED: 1, PENDING: 1 })
    assert.deepEqual(props.needingAction.map((doc: any) => doc.status).sort(), [
      'PENDING',
      'REJECTED',
    ])

    assert.deepEqual(
      props.topCustomers.map((row: any) => [row.label, row.netSubtotal]),
      [
        [A.name, '100.00'],
        [B.name, '90.00'],
      ]
    )
    assert.deepEqual(
      props.topProducts.map((row: any) => [row.key, row.netSubtotal]),
      [
        ['SRV-1', '100.00'],
        ['TAL-1', '80.00'],
        ['CLV-9', '10.00'],
      ]
    )
  })

  test('a company without documents sees the empty state', async ({ client, assert }) => {
    const { user } = await createCompany('READONLY')
    const response = await client.get('/app').loginAs(user).withInertia()
    response.assertStatus(200)
    const props = response.inertiaProps as any
    assert.isTrue(props.empty)
    assert.deepEqual(props.thisMonth.netTotal, '0.00')
    assert.lengthOf(props.topCustomers, 0)
  })

  test('the page renders the figures on the server, the chart data as a table', async ({
    client,
    assert,
  }) => {
    const { user } = await seed()
    const response = await client.get('/app').loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'data-chart-table="sales-per-month"')
    // es-EC money format: "$100,00"-style with the explicit locale (comma decimals).
    const expected = new Intl.NumberFormat('es-EC', { style: 'currency', currency: 'USD' }).format(
      112
    )
    assert.include(html, expected)
  })
})

test.group('Reports: every role', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const role of ['OWNER', 'ADMIN', 'OPERATOR', 'READONLY'] as const) {
    test(`${role} opens the report, receivables and downloads`, async ({ client }) => {
      const { user } = await createCompany(role)
      for (const [path, component] of [
        ['/app/reports', 'reports/period/show'],
        ['/app/receivables', 'reports/receivables/index'],
        ['/app/archives', 'reports/archives/index'],
      ]) {
        const response = await client.get(path).loginAs(user).withInertia()
        response.assertStatus(200)
        response.assertInertiaComponent(component)
      }
    })
  }
})
