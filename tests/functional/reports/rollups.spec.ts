import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import type Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import DocumentDayTotal from '#reports/models/document_day_total'
import DocumentDayTax from '#reports/models/document_day_tax'
import DocumentMonthCustomer from '#reports/models/document_month_customer'
import DocumentMonthProduct from '#reports/models/document_month_product'
import { MissingTenantContextException } from '#tenancy/errors'
import { createCompany } from '#tests/helpers/accounts'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { rollupsAndDocuments } from '#tests/helpers/rollups'
import { statusCounts } from '#reports/queries/dashboard'
import {
  createEcCompany,
  invoiceInput,
  issuingGroup,
  sriSimulatorForGroup,
} from '#tests/helpers/invoicing'

const A = { identification: '0926687856', name: 'Juan Carlos Andrade' }
const B = { identification: '1790012345001', name: 'Comercial Quito S.A.' }
const line = (code: string, base: string) => ({ code, category: 'iva_15', base, rate: '15' })

/** Every roll-up of the company equals the same sums computed from its documents. */
async function assertRolledUp(assert: any, tenant: Tenant, step: string) {
  const pairs = await rollupsAndDocuments(tenant)
  for (const [name, [live, rolled]] of Object.entries(pairs)) {
    assert.deepEqual(rolled, live, `${name} after ${step}`)
  }
}

/** Raw SQL inside the company's context (row-level security holds it to the company). */
function asCompany(tenant: Tenant, sql: string, bindings: unknown[] = []) {
  return tenantContext.run(tenant, () => db.rawQuery(sql, bindings as any[]))
}

test.group('Roll-ups: the real pipeline', (group) => {
  const simulator = sriSimulatorForGroup(group)
  group.each.setup(() => {
    simulator.reset()
    return testUtils.db().withGlobalTransaction()
  })

  test('an invoice issued and authorized through the SRI simulator moves through the roll-ups', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await tenantContext.run(company.tenant, async () => {
      const issued = await issueNewDocument(company.tenant, invoiceInput(company))
      return issued.document
    })
    const totals = () =>
      tenantContext.run(company.tenant, () =>
        DocumentDayTotal.query().where('documents', '<>', 0).orderBy('status')
      )
    let rows = await totals()
    assert.deepEqual(
      rows.map((row) => [row.status, row.documents, row.total]),
      [['ISSUED', 1, document.total]]
    )
    // Sales roll-ups hold AUTHORIZED documents only.
    const sales = await tenantContext.run(company.tenant, () =>
      DocumentDayTax.query().where('rows', '<>', 0)
    )
    assert.lengthOf(sales, 0)
    await assertRolledUp(assert, company.tenant, 'issue')

    const done = await tenantContext.run(company.tenant, async () => {
      for (let round = 0; round < 12; round++) {
        const outcome = await ProcessDocumentJob.run(document.id)
        if (outcome.next === 'done') break
      }
      return Document.findOrFail(document.id)
    })
    assert.equal(done.status, 'AUTHORIZED')
    rows = await totals()
    assert.deepEqual(
      rows.map((row) => [row.status, row.documents, row.total]),
      [['AUTHORIZED', 1, document.total]]
    )
    const [customer] = await tenantContext.run(company.tenant, () =>
      DocumentMonthCustomer.query().where('documents', '<>', 0)
    )
    assert.equal(customer.identification, done.buyer.identification)
    assert.equal(customer.total, done.total)
    await assertRolledUp(assert, company.tenant, 'authorization')

    // The console's time from signature to authorization, by country.
    const latency = await withoutTenantScope('the test reads the platform histogram', () =>
      db
        .from('authorization_latency_days')
        .where('day', done.authorizedAt!.toUTC().toISODate()!)
        .where('country', 'EC')
        .sum('documents as total')
        .first()
    )
    assert.isAtLeast(Number(latency.total), 1)
  })
})

test.group('Roll-ups: drafts', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a draft is not rolled up, so issuing takes no roll-up lock before its number; the dashboard still counts drafts', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const allRows = () =>
      tenantContext.run(company.tenant, () => DocumentDayTotal.query().orderBy('status'))
    await tenantContext.run(company.tenant, async () => {
      await issueNewDocument(company.tenant, invoiceInput(company), { issue: false })
      await issueNewDocument(company.tenant, invoiceInput(company), { issue: false })
    })
    // Not even a row at zero: the draft's insert wrote nothing to the roll-up.
    assert.lengthOf(await allRows(), 0)
    assert.deepEqual(
      await tenantContext.run(company.tenant, () =>
        statusCounts(company.tenant.authorityEnvironment)
      ),
      [{ status: 'DRAFT', count: 2 }]
    )

    const issued = await tenantContext.run(company.tenant, async () => {
      const result = await issueNewDocument(company.tenant, invoiceInput(company))
      return result.document
    })
    const rows = await allRows()
    assert.deepEqual(
      rows.map((row) => [row.status, row.documents, row.total]),
      [['ISSUED', 1, issued.total]]
    )
    assert.sameDeepMembers(
      await tenantContext.run(company.tenant, () =>
        statusCounts(company.tenant.authorityEnvironment)
      ),
      [
        { status: 'DRAFT', count: 2 },
        { status: 'ISSUED', count: 1 },
      ]
    )
    await assertRolledUp(assert, company.tenant, 'drafts and an issue')
  })
})

test.group('Roll-ups: every kind of change', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('updates, bulk inserts, line and tax changes and deletes keep the roll-ups equal to the documents', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const point = await seedPoint(tenant, '001')
    const other = await seedPoint(tenant, '002')
    const invoice = await seedDocument(tenant, {
      issueDate: '2026-03-02',
      point,
      buyer: A,
      lines: [line('TAL-1', '100.00'), line('SRV-1', '20.00')],
    })
    await seedDocument(tenant, {
      type: 'credit_note',
      issueDate: '2026-03-05',
      point,
      buyer: A,
      referencedDocumentId: invoice.id,
      lines: [line('TAL-1', '20.00')],
    })
    const pending = await seedDocument(tenant, {
      status: 'PENDING',
      issueDate: '2026-03-05',
      point: other,
      buyer: B,
      lines: [line('CLV-9', '50.00'), line('CLV-9', '5.00')],
    })
    await assertRolledUp(assert, tenant, 'seeding')

    // The pending one is authorized, then its date and buyer change.
    await asCompany(
      tenant,
      `update documents set status = 'AUTHORIZED', authorized_at = now(), signed_at = now() where id = ?`,
      [pending.id]
    )
    await assertRolledUp(assert, tenant, 'authorization')
    await asCompany(
      tenant,
      `update documents set issue_date = '2026-04-01', buyer = buyer || '{"identification":"099"}'::jsonb where id = ?`,
      [pending.id]
    )
    await assertRolledUp(assert, tenant, 'a new date and buyer')

    // Both lines of one document get the same new code in one statement: it counts once.
    await asCompany(
      tenant,
      `update document_lines set code = 'NEW-1', subtotal = subtotal + 1 where document_id = ?`,
      [invoice.id]
    )
    await assertRolledUp(assert, tenant, 'lines changed together')
    await asCompany(tenant, `update document_taxes set base = base + 1 where document_id = ?`, [
      invoice.id,
    ])
    await asCompany(tenant, `delete from document_lines where document_id = ? and position = 1`, [
      invoice.id,
    ])
    await assertRolledUp(assert, tenant, 'a tax changed and a line removed')

    // Many documents in one statement, with their lines added afterwards.
    await asCompany(
      tenant,
      `insert into documents (tenant_id, type, status, establishment_id, emission_point_id,
         environment, issue_date, currency, buyer, subtotal, tax_total, total, created_at)
       select ?, 'invoice', case when n % 3 = 0 then 'REJECTED' else 'AUTHORIZED' end, ?, ?,
         'test', date '2026-03-01' + n, 'USD',
         jsonb_build_object('identification', 'C' || (n % 4), 'name', 'Cliente ' || (n % 4)),
         n, 0, n, now()
       from generate_series(1, 40) as n`,
      [tenant.id, point.establishmentId, point.emissionPointId]
    )
    await asCompany(
      tenant,
      `insert into document_lines (tenant_id, document_id, position, code, description, quantity,
         unit_price, discount, tax_category, subtotal, created_at)
       select tenant_id, id, 1, 'BULK', 'Bulk', 1, subtotal, 0, 'iva_0', subtotal, now()
         from documents where tenant_id = ? and number is null`,
      [tenant.id]
    )
    await assertRolledUp(assert, tenant, 'a bulk insert')

    // Deleting documents takes their taxes and lines with them (the cascade runs after them).
    await asCompany(
      tenant,
      `delete from documents where tenant_id = ? and (id = ? or number is null)`,
      [tenant.id, pending.id]
    )
    await assertRolledUp(assert, tenant, 'deletes')
    const notes = await asCompany(tenant, 'select count(*)::int as n from document_rollup_removals')
    // The notes the cascade reads are cleared when the transaction commits (not in this one).
    assert.isAtLeast(notes.rows[0].n, 1)
  })

  test('one statement changing documents authorized within 0.1 s of signing keeps the latency roll-up', async ({
    assert,
  }) => {
    const { tenant } = await createCompany('OWNER')
    const point = await seedPoint(tenant, '001')
    const ids: number[] = []
    for (const code of ['L1', 'L2', 'L3']) {
      const document = await seedDocument(tenant, {
        issueDate: '2026-03-02',
        point,
        buyer: A,
        lines: [line(code, '1.00')],
      })
      ids.push(document.id)
    }
    const latency = async () => {
      const rows = await db
        .from('authorization_latency_days')
        .where('day', '2026-03-02')
        .where('country', tenant.country)
        .where('documents', '<>', 0)
        .select('seconds', 'documents')
      return rows.map((row) => [Number(row.seconds), Number(row.documents)])
    }
    const before = await latency()
    // Signed 12, 13 and 14 ms before their authorization, in one statement:
    // three buckets finer than the column's two decimals, one stored key.
    await asCompany(
      tenant,
      `update documents
          set signed_at = authorized_at - (interval '1 millisecond' * (11 + position))
         from unnest(array[${ids.join(', ')}]::int[]) with ordinality as x(id, position)
        where documents.id = x.id`
    )
    const counted = (rows: number[][]) => rows.find(([seconds]) => seconds === 0.01)?.[1] ?? 0
    assert.equal(counted(await latency()) - counted(before), 3)
    await asCompany(tenant, `delete from documents where id in (${ids.join(', ')})`)
    assert.equal(counted(await latency()), counted(before))
  })

  test('a company deleted with its documents takes its roll-ups along', async ({ assert }) => {
    const { tenant } = await createCompany('OWNER')
    const point = await seedPoint(tenant, '001')
    await seedDocument(tenant, {
      issueDate: '2026-03-02',
      point,
      buyer: A,
      lines: [line('P', '1.00')],
    })
    await withoutTenantScope('the test deletes a company', async () => {
      await db.from('tenants').where('id', tenant.id).delete()
      const left = await db
        .from('document_day_totals')
        .where('tenant_id', tenant.id)
        .count('* as n')
        .first()
      assert.equal(Number(left.n), 0)
    })
  })
})

test.group('Roll-ups: tenant isolation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("another company's roll-up rows are invisible through the models and raw SQL, and cannot be written", async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    for (const { tenant } of [a, b]) {
      const point = await seedPoint(tenant, '001')
      await seedDocument(tenant, {
        issueDate: '2026-03-02',
        point,
        buyer: A,
        lines: [line('TAL-1', '10.00')],
      })
    }
    for (const Model of [
      DocumentDayTotal,
      DocumentDayTax,
      DocumentMonthCustomer,
      DocumentMonthProduct,
    ]) {
      const rows = await tenantContext.run(b.tenant, () => Model.query())
      assert.isAbove(rows.length, 0, Model.name)
      assert.isTrue(
        rows.every((row) => row.tenantId === b.tenant.id),
        Model.name
      )
      // Another company's row by id answers nothing.
      const theirs = await tenantContext.run(a.tenant, () => Model.query().firstOrFail())
      const found = await tenantContext.run(b.tenant, () => Model.find(theirs.id))
      assert.isNull(found, Model.name)
      // Raw SQL without a tenant filter: row-level security holds it to the company.
      const raw = await tenantContext.run(b.tenant, () => db.from(Model.table).select('tenant_id'))
      assert.deepEqual([...new Set(raw.map((row) => row.tenant_id))], [b.tenant.id], Model.name)
      // Outside any company nothing is read.
      assert.lengthOf(await db.from(Model.table).select('tenant_id'), 0, Model.name)
      await assert.rejects(async () => {
        await Model.query()
      }, MissingTenantContextException)
    }
    // Company B cannot write a row of company A.
    await assert.rejects(() =>
      tenantContext.run(b.tenant, () =>
        db.table('document_day_totals').insert({
          tenant_id: a.tenant.id,
          environment: 'test',
          issue_date: '2026-03-02',
          type: 'invoice',
          status: 'AUTHORIZED',
          is_demo: false,
          establishment_id: 1,
          emission_point_id: 1,
          documents: 1,
        })
      )
    )
  })
})

/*
 * Two transactions at once, committed (no global transaction): one adds a
 * tax row to a document while the other authorizes it. Whichever commits
 * second must see the other's rows, so the tax is counted exactly once
 * in both orders.
 */
test.group('Roll-ups: concurrent writers', (group) => {
  let cleanup: Tenant[] = []
  group.each.teardown(async () => {
    await withoutTenantScope('the test removes the companies it committed', async () => {
      for (const tenant of cleanup) await db.from('tenants').where('id', tenant.id).delete()
    })
    cleanup = []
  })

  async function issuedDocument() {
    const { tenant } = await createCompany('OWNER')
    cleanup.push(tenant)
    const point = await seedPoint(tenant, '001')
    const document = await seedDocument(tenant, {
      status: 'ISSUED',
      issueDate: '2026-03-02',
      point,
      buyer: A,
      lines: [line('TAL-1', '10.00')],
    })
    return { tenant, document }
  }

  const addTax = (trx: any, tenant: Tenant, documentId: number) =>
    trx.rawQuery(
      `insert into document_taxes (tenant_id, document_id, category, authority_code,
         authority_rate_code, rate, base, amount)
       values (?, ?, 'ice', '3', '3011', 10, 40, 4)`,
      [tenant.id, documentId]
    )
  const authorize = (trx: any, documentId: number) =>
    trx.rawQuery(`update documents set status = 'AUTHORIZED' where id = ?`, [documentId])
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  async function iceRows(tenant: Tenant) {
    const result = await asCompany(
      tenant,
      `select coalesce(sum(rows), 0)::int as rows, coalesce(sum(base), 0)::text as base
         from document_day_taxes where category = 'ice'`
    )
    return result.rows[0]
  }

  test('the tax row first, the authorization waiting for it', async ({ assert }) => {
    const { tenant, document } = await issuedDocument()
    await tenantContext.run(tenant, async () => {
      const first = await db.transaction()
      await addTax(first, tenant, document.id)
      const second = await db.transaction()
      const authorizing = authorize(second, document.id).then(() => second.commit())
      await sleep(300)
      await first.commit()
      await authorizing
    })
    assert.deepEqual(await iceRows(tenant), { rows: 1, base: '40.00' })
    await assertRolledUp(assert, tenant, 'both committed')
  }).timeout(30_000)

  test('the authorization first, the tax row waiting for it', async ({ assert }) => {
    const { tenant, document } = await issuedDocument()
    await tenantContext.run(tenant, async () => {
      const first = await db.transaction()
      await authorize(first, document.id)
      const second = await db.transaction()
      const adding = addTax(second, tenant, document.id).then(() => second.commit())
      await sleep(300)
      await first.commit()
      await adding
    })
    assert.deepEqual(await iceRows(tenant), { rows: 1, base: '40.00' })
    await assertRolledUp(assert, tenant, 'both committed')
  }).timeout(30_000)
})
