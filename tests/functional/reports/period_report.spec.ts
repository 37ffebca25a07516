import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { createCompany } from '#tests/helpers/accounts'
import { binary } from '#tests/helpers/catalog'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import type { Role } from '#accounts/roles'
import type Tenant from '#tenancy/models/tenant'

const A = { identification: '0926687856', name: 'Juan Carlos Andrade' }
const B = { identification: '1790012345001', name: 'Comercial Quito S.A.' }

/**
 * March 2026 of one company, every figure below computed by hand:
 *
 *   INV1 03-02 001-001 A  iva_15 100.00 (15.00) + iva_0 50.00           = 165.00
 *   INV2 03-10 002-001 B  iva_5 200.00 (10.00) + exento 30 + no objeto 20 = 260.00
 *   INV3 03-15 001-001 B  iva_15 line 300.00; ICE 3610 base 300 (40.00);
 *                         IVA base 300 + 40 = 340.00 (51.00)            = 391.00
 *   CN1  03-20 001-001 A  credit note of INV1, iva_15 40.00 (6.00)       =  46.00
 *   not counted: INV4 REJECTED, INV5 PENDING, INV8 production environment,
 *   INV6 in April, INV7 in February (counted in Q1), another company's INV.
 */
async function seedMarch(role: Role = 'OWNER') {
  const company = await createCompany(role)
  const other = await createCompany('OWNER')
  const p1 = await seedPoint(company.tenant, '001')
  const p2 = await seedPoint(company.tenant, '002')
  const iva15 = (code: string, base: string) => ({ code, category: 'iva_15', base, rate: '15' })
  const inv1 = await seedDocument(company.tenant, {
    issueDate: '2026-03-02',
    point: p1,
    buyer: A,
    lines: [iva15('P1', '100.00'), { code: 'S1', category: 'iva_0', base: '50.00', rate: '0' }],
  })
  await seedDocument(company.tenant, {
    issueDate: '2026-03-10',
    point: p2,
    buyer: B,
    lines: [
      { code: 'P2', category: 'iva_5', base: '200.00', rate: '5' },
      { code: 'P3', category: 'iva_exento', base: '30.00', rate: '0' },
      { code: 'P4', category: 'iva_no_objeto', base: '20.00', rate: '0' },
    ],
  })
  await seedDocument(company.tenant, {
    issueDate: '2026-03-15',
    point: p1,
    buyer: B,
    lines: [iva15('P5', '300.00')],
    ivaBaseExtra: { iva_15: '40.00' },
    extraTaxes: [
      {
        category: 'ice',
        authorityCode: '3',
        authorityRateCode: '3610',
        rate: '0',
        base: '300.00',
        amount: '40.00',
      },
    ],
  })
  await seedDocument(company.tenant, {
    type: 'credit_note',
    issueDate: '2026-03-20',
    point: p1,
    buyer: A,
    referencedDocumentId: inv1.id,
    lines: [iva15('P1', '40.00')],
  })
  await seedDocument(company.tenant, {
    status: 'REJECTED',
    issueDate: '2026-03-25',
    point: p2,
    buyer: A,
    lines: [iva15('P1', '1000.00')],
  })
  await seedDocument(company.tenant, {
    status: 'PENDING',
    issueDate: '2026-03-26',
    point: p1,
    buyer: A,
    lines: [iva15('P1', '500.00')],
  })
  await seedDocument(company.tenant, {
    environment: 'production',
    issueDate: '2026-03-05',
    point: p1,
    buyer: A,
    lines: [iva15('P1', '999.00')],
  })
  await seedDocument(company.tenant, {
    issueDate: '2026-04-01',
    point: p1,
    buyer: A,
    lines: [iva15('P1', '70.00')],
  })
  await seedDocument(company.tenant, {
    issueDate: '2026-02-28',
    point: p2,
    buyer: B,
    lines: [{ code: 'S1', category: 'iva_0', base: '80.00', rate: '0' }],
  })
  const otherPoint = await seedPoint(other.tenant, '001')
  await seedDocument(other.tenant, {
    issueDate: '2026-03-03',
    point: otherPoint,
    buyer: A,
    lines: [iva15('P1', '5000.00')],
  })
  return company
}

function pick(report: any, key: string) {
  return report.taxes.lines.find((line: any) => line.key === key)
}

test.group('Period report: figures', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('March: totals, taxes by rate with form 104 boxes, credit notes netted', async ({
    client,
    assert,
  }) => {
    const { user } = await seedMarch()
    const response = await client
      .get('/app/reports?period=month&month=2026-03')
      .loginAs(user)
      .withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('reports/period/show')
    const report = (response.inertiaProps as any).report
    assert.deepEqual(report.period, {
      kind: 'month',
      from: '2026-03-01',
      to: '2026-03-31',
      month: '2026-03',
      quarter: '',
    })
    assert.isNull(report.periodError)
    assert.deepEqual(report.totals, {
      invoices: 3,
      creditNotes: 1,
      grossSubtotal: '700.00',
      creditSubtotal: '40.00',
      netSubtotal: '660.00',
      netTax: '110.00',
      netTotal: '770.00',
    })

    assert.deepEqual(
      report.taxes.lines.map((line: any) => line.key),
      ['iva_15', 'iva_5', 'iva_0', 'iva_no_objeto', 'iva_exento', 'ice:3610']
    )
    const iva15 = pick(report, 'iva_15')
    assert.include(iva15, {
      label: 'IVA 15 %',
      grossBase: '440.00',
      creditBase: '40.00',
      netBase: '400.00',
      grossTax: '66.00',
      creditTax: '6.00',
      netTax: '60.00',
    })
    assert.deepEqual(iva15.boxes, { gross: '401', net: '411', tax: '421', note: '' })
    assert.include(pick(report, 'iva_5'), { netBase: '200.00', netTax: '10.00' })
    assert.deepEqual(pick(report, 'iva_5').boxes.tax, '445')
    assert.include(pick(report, 'iva_0'), { netBase: '50.00', netTax: '0.00' })
    assert.match(pick(report, 'iva_0').boxes.note, /crédito tributario/)
    assert.include(pick(report, 'iva_no_objeto'), { netBase: '20.00' })
    assert.equal(pick(report, 'iva_no_objeto').boxes.gross, '431')
    assert.include(pick(report, 'iva_exento'), { netBase: '30.00' })
    const ice = pick(report, 'ice:3610')
    assert.include(ice, { kind: 'excise', netBase: '300.00', netTax: '40.00', label: 'ICE 3610' })
    assert.isNull(ice.boxes)
    assert.deepEqual(report.taxes.vat, { netBase: '700.00', netTax: '70.00' })
    assert.deepEqual(report.taxes.other, { netBase: '300.00', netTax: '40.00' })
    assert.equal(report.taxes.form, 'Formulario 104 (IVA)')

    assert.deepEqual(
      report.byCustomer.map((row: any) => [
        row.key,
        row.label,
        row.documents,
        row.netSubtotal,
        row.netTax,
        row.netTotal,
      ]),
      [
        [B.identification, B.name, 2, '550.00', '101.00', '651.00'],
        [A.identification, A.name, 2, '110.00', '9.00', '119.00'],
      ]
    )
    assert.deepEqual(
      report.byPoint.map((row: any) => [
        row.key,
        row.documents,
        row.netSubtotal,
        row.netTax,
        row.netTotal,
      ]),
      [
        ['001-001', 3, '410.00', '100.00', '510.00'],
        ['002-001', 1, '250.00', '10.00', '260.00'],
      ]
    )
  })

  test('a custom range over part of February, all of March and part of April: buyers from both sources', async ({
    client,
    assert,
  }) => {
    // Buyers are summed per month for whole months and from the documents for
    // the days before and after them; both must add up to the same figures.
    const company = await createCompany('OWNER')
    const point = await seedPoint(company.tenant, '001')
    const sale = (day: string, buyer: typeof A, base: string, referencedDocumentId?: number) =>
      seedDocument(company.tenant, {
        issueDate: day,
        point,
        buyer,
        type: referencedDocumentId ? 'credit_note' : 'invoice',
        referencedDocumentId,
        lines: [{ code: 'P1', category: 'iva_0', base, rate: '0' }],
      })
    const first = await sale('2026-02-10', A, '1000.00') // before the range
    await sale('2026-02-20', A, '10.00')
    await sale('2026-03-05', A, '20.00')
    await sale('2026-03-31', B, '40.00')
    await sale('2026-04-03', A, '30.00')
    await sale('2026-04-03', B, '1.00', first.id)
    await sale('2026-04-20', B, '500.00') // after the range
    const response = await client
      .get('/app/reports?period=custom&from=2026-02-15&to=2026-04-10')
      .loginAs(company.user)
      .withInertia()
    response.assertStatus(200)
    const report = (response.inertiaProps as any).report
    assert.deepEqual(
      report.byCustomer.map((row: any) => [row.key, row.label, row.documents, row.netTotal]),
      [
        [A.identification, A.name, 3, '60.00'],
        [B.identification, B.name, 2, '39.00'],
      ]
    )
    assert.include(report.totals, { invoices: 4, creditNotes: 1, netTotal: '99.00' })
  })

  test('the first quarter adds February; a custom range of one day', async ({ client, assert }) => {
    const { user } = await seedMarch()
    const quarter = await client
      .get('/app/reports?period=quarter&quarter=2026-Q1')
      .loginAs(user)
      .withInertia()
    const q = (quarter.inertiaProps as any).report
    assert.deepEqual([q.period.from, q.period.to], ['2026-01-01', '2026-03-31'])
    assert.include(q.totals, {
      invoices: 4,
      grossSubtotal: '780.00',
      netSubtotal: '740.00',
      netTotal: '850.00',
    })
    assert.include(pick(q, 'iva_0'), { netBase: '130.00' })

    const day = await client
      .get('/app/reports?period=custom&from=2026-03-20&to=2026-03-20')
      .loginAs(user)
      .withInertia()
    const d = (day.inertiaProps as any).report
    assert.deepEqual(d.totals, {
      invoices: 0,
      creditNotes: 1,
      grossSubtotal: '0.00',
      creditSubtotal: '40.00',
      netSubtotal: '-40.00',
      netTax: '-6.00',
      netTotal: '-46.00',
    })
  })

  test('a period that cannot be read shows the current month with a message', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    for (const [qs, key] of [
      ['period=month&month=2026-13', 'reports.errors.period_invalid'],
      ['period=custom&from=2026-03-10&to=2026-03-01', 'reports.errors.period_order'],
      ['period=custom&from=2024-01-01&to=2026-01-01', 'reports.errors.period_too_long'],
      ['period=custom&from=nada&to=2026-01-01', 'reports.errors.period_invalid'],
      ['period=year', 'reports.errors.period_invalid'],
    ]) {
      const response = await client.get(`/app/reports?${qs}`).loginAs(user).withInertia()
      response.assertStatus(200)
      const report = (response.inertiaProps as any).report
      assert.equal(report.periodError, key, qs)
      assert.equal(report.period.kind, 'month')
    }
  })
})

test.group('Period report: files and permissions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the read-only accountant downloads the CSV with the same figures, audited', async ({
    client,
    assert,
  }) => {
    const { user, tenant } = await seedMarch('READONLY')
    const response = await client
      .get('/app/reports/download/csv?period=month&month=2026-03')
      .loginAs(user)
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /text\/csv/)
    assert.match(response.header('content-disposition') ?? '', /reporte-2026-03\.csv/)
    const text = response.text().replace(/^\uFEFF/, '')
    const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true })
    const find = (first: string) => rows.find((row) => row[0] === first)!
    assert.equal(find('Ventas netas (sin impuestos)')[1], '660.00')
    assert.equal(find('Impuesto neto')[1], '110.00')
    assert.deepEqual(find('IVA 15 %').slice(4, 11), [
      '440.00',
      '40.00',
      '400.00',
      '66.00',
      '6.00',
      '60.00',
      '401 · 411 · 421',
    ])
    assert.equal(find('ICE 3610')[10], 'No mapeado')
    assert.deepEqual(find(B.identification).slice(0, 6), [
      B.identification,
      B.name,
      '2',
      '550.00',
      '101.00',
      '651.00',
    ])

    const logs = await tenantContext.run(tenant as Tenant, () =>
      AuditLog.query().where('action', 'report.downloaded')
    )
    assert.lengthOf(logs, 1)
    assert.deepEqual(logs[0].after, { format: 'csv', from: '2026-03-01', to: '2026-03-31' })
  })

  test('XLSX: one sheet per table, amounts as numbers', async ({ client, assert }) => {
    const { user } = await seedMarch('OPERATOR')
    const request = client
      .get('/app/reports/download/xlsx?period=month&month=2026-03')
      .loginAs(user)
    request.request.parse(binary)
    const response = await request
    response.assertStatus(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.body() as any)
    assert.deepEqual(
      workbook.worksheets.map((sheet) => sheet.name),
      ['Resumen', 'Impuestos', 'Por cliente', 'Por punto de emisión']
    )
    const taxes = workbook.getWorksheet('Impuestos')!
    const row = taxes.getRows(2, 10)!.find((item) => item.getCell(1).value === 'IVA 15 %')!
    assert.equal(row.getCell(7).value, 400)
    assert.equal(row.getCell(10).value, 60)
  })

  test('a CSV cell that looks like a formula is neutralised', async ({ client, assert }) => {
    const { user, tenant } = await createCompany('OWNER')
    const point = await seedPoint(tenant, '001')
    await seedDocument(tenant, {
      issueDate: '2026-03-02',
      point,
      buyer: { identification: '0926687856', name: '=HYPERLINK("http://x")' },
      lines: [{ code: 'P1', category: 'iva_15', base: '10.00', rate: '15' }],
    })
    const response = await client
      .get('/app/reports/download/csv?period=month&month=2026-03')
      .loginAs(user)
    assert.include(response.text(), `'=HYPERLINK`)
  })

  test('reports need a signed-in member', async ({ client }) => {
    const response = await client.get('/app/reports').redirects(0)
    response.assertStatus(302)
  })
})
