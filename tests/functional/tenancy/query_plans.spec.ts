/*
 * The hot reads reach their tables through an index that leads with
 * tenant_id. The SQL is not written here: it is what the real pages and
 * endpoints send (the documents list with its filters and search on the
 * page and on /api/v1/documents, a document's page and its API detail, the
 * dashboard), captured from the database client while the requests run.
 * Each captured SELECT is then explained, in the company's context, with
 * sequential scans switched off, so a table without a usable index still
 * shows a Seq Scan (PostgreSQL falls back to one rather than fail) and a
 * small test table does not hide a missing index behind a cheap scan.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { createApiCompany, type ApiCompany } from '#tests/helpers/api'
import { invoiceInput, issuingGroup } from '#tests/helpers/invoicing'

/** The tables whose scans must go through a tenant_id index: the documents and the dashboard's roll-ups. */
const WATCHED = [
  'documents',
  'document_lines',
  'tax_submissions',
  'document_day_totals',
  'document_month_customers',
  'document_month_products',
]

interface Captured {
  sql: string
  bindings: unknown[]
}

/** Every statement the database client sends while `work` runs. */
async function captureQueries(work: () => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = []
  const listener = (query: { sql: string; bindings?: unknown[] }) =>
    captured.push({ sql: query.sql, bindings: query.bindings ?? [] })
  const knex = db.connection().getWriteClient()
  knex.on('query', listener)
  try {
    await work()
  } finally {
    knex.off('query', listener)
  }
  return captured
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'One-Time Filter'?: string
  'Plans'?: PlanNode[]
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)]
}

/** The first column of every index of the watched tables, by index name. */
async function leadingColumns() {
  const result = await db.rawQuery(
    `select i.relname as index, a.attname as first
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where t.relname = any(?)`,
    [WATCHED]
  )
  return new Map(
    (result.rows as Array<{ index: string; first: string }>).map((row) => [row.index, row.first])
  )
}

/** The plan of a captured statement, in the company's context, sequential scans off (and sorts, if asked). */
async function planOf(
  company: ApiCompany,
  query: Captured,
  options: { noSort?: boolean } = {}
): Promise<PlanNode> {
  return tenantContext.run(company.tenant, () =>
    db.transaction(async (trx) => {
      await trx.rawQuery('set local enable_seqscan = off')
      if (options.noSort) await trx.rawQuery('set local enable_sort = off')
      // The client logs PostgreSQL's $n placeholders; Lucid's raw queries take knex's `?`.
      const bindings: unknown[] = []
      const sql = query.sql.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_, n) => {
        bindings.push(query.bindings[Number(n) - 1])
        return '?'
      })
      const result = await trx.rawQuery(`explain (format json) ${sql}`, bindings as any)
      return result.rows[0]['QUERY PLAN'][0].Plan as PlanNode
    })
  )
}

test.group('Query plans of the hot reads', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the documents list, a document and the dashboard use indexes that lead with tenant_id', async ({
    client,
    assert,
  }) => {
    // A few companies with some documents each, so every plan has other companies' rows to skip.
    const companies: ApiCompany[] = []
    for (let index = 0; index < 3; index++) {
      const company = await createApiCompany()
      companies.push(company)
      await tenantContext.run(company.tenant, async () => {
        for (let count = 0; count < 15; count++) {
          await issueNewDocument(company.tenant, invoiceInput(company))
        }
      })
    }
    await db.rawQuery('analyze')
    const [company] = companies
    const document = await tenantContext.run(
      company.tenant,
      async () => await db.from('documents').where('tenant_id', company.tenant.id).first()
    )
    const bearer = { authorization: `Bearer ${company.token}` }
    const search = { status: 'AUTHORIZED', type: 'invoice', q: String(document.sequential) }
    const filters = {
      from: '2020-01-01',
      to: '2099-12-31',
      customerId: company.customer.id,
      establishmentId: company.establishment.id,
      emissionPointId: company.point.id,
    }

    const requests: Record<string, () => Promise<unknown>> = {
      'documents page with search': () =>
        client.get('/app/documents').qs(search).loginAs(company.user),
      'documents page with filters': () =>
        client.get('/app/documents').qs(filters).loginAs(company.user),
      'API list with search': () => client.get('/api/v1/documents').qs(search).headers(bearer),
      'API list with filters': () => client.get('/api/v1/documents').qs(filters).headers(bearer),
      'document page': () => client.get(`/app/documents/${document.id}`).loginAs(company.user),
      'API detail': () => client.get(`/api/v1/documents/${document.id}`).headers(bearer),
      'dashboard': () => client.get('/app').loginAs(company.user),
    }

    const indexes = await leadingColumns()
    for (const [label, request] of Object.entries(requests)) {
      const captured = await captureQueries(async () => {
        const response: any = await request()
        assert.equal(response.status(), 200, label)
      })
      const reads = captured.filter(
        (query) =>
          /^\s*(select|with)\b/i.test(query.sql) &&
          WATCHED.some((table) => new RegExp(`"${table}"|\\b${table}\\b`).test(query.sql))
      )
      assert.isAbove(reads.length, 0, `${label} reads the documents`)
      let indexScans = 0
      for (const query of reads) {
        const plan = await planOf(company, query)
        // A condition known false (Lucid's `1 = 0` for a preload with no keys) reads nothing.
        if (plan['One-Time Filter'] === 'false') continue
        for (const node of nodesOf(plan)) {
          const where = `${label}: ${node['Node Type']} in ${query.sql}`
          if (node['Relation Name'] && WATCHED.includes(node['Relation Name'])) {
            assert.notEqual(node['Node Type'], 'Seq Scan', `${where} (${node['Relation Name']})`)
          }
          // Index scans and the bitmap index scans under a bitmap heap scan alike.
          const first = node['Index Name'] ? indexes.get(node['Index Name']) : undefined
          if (first !== undefined) {
            indexScans += 1
            assert.equal(first, 'tenant_id', `${where} (${node['Index Name']})`)
          }
        }
      }
      assert.isAbove(indexScans, 0, `${label} reaches its tables through an index`)
    }
  }).timeout(120_000)

  test("the documents page reads a company's documents already in its order (newest first, no sort)", async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    await tenantContext.run(company.tenant, async () => {
      for (let count = 0; count < 3; count++) {
        await issueNewDocument(company.tenant, invoiceInput(company))
      }
    })
    await db.rawQuery('analyze documents')
    const captured = await captureQueries(async () => {
      const response: any = await client.get('/app/documents').loginAs(company.user)
      assert.equal(response.status(), 200)
    })
    const list = captured.filter((query) =>
      /from "documents" .*order by "created_at" desc, "id" desc/i.test(query.sql)
    )
    assert.lengthOf(list, 1)
    // With sorting switched off, a plan still sorts when no index gives the order.
    const nodes = nodesOf(await planOf(company, list[0], { noSort: true }))
    assert.notInclude(
      nodes.map((node) => node['Node Type']),
      'Sort',
      nodes.map((node) => `${node['Node Type']} ${node['Index Name'] ?? ''}`).join(' > ')
    )
  })

  test("an invoice's page and API detail send no statement that is known to read nothing", async ({
    client,
    assert,
  }) => {
    // Lucid turns a preload without keys (an invoice references no document)
    // into `where 1 = 0`; on documents PostgreSQL plans that as a parallel
    // scan and starts its workers before the false condition stops it.
    const company = await createApiCompany()
    const { document } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company))
    )
    const requests: Record<string, () => Promise<unknown>> = {
      'document page': () => client.get(`/app/documents/${document.id}`).loginAs(company.user),
      'API detail': () =>
        client
          .get(`/api/v1/documents/${document.id}`)
          .headers({ authorization: `Bearer ${company.token}` }),
    }
    for (const [label, request] of Object.entries(requests)) {
      const captured = await captureQueries(async () => {
        const response: any = await request()
        assert.equal(response.status(), 200, label)
      })
      const empty = captured.filter((query) => /\bwhere 1 = \$\d+/i.test(query.sql))
      assert.deepEqual(
        empty.map((query) => query.sql),
        [],
        `${label} sends no statement with a condition known false`
      )
    }
  })
})
