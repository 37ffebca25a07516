/*
 * How many SQL statements issuing one invoice sends to PostgreSQL (the
 * issue path is a throughput target; docs/performance.md). Counted from
 * the database driver's query log plus the row-level security session
 * switches (sent on the connection itself), so every statement counts:
 * reads, writes, BEGIN/COMMIT, savepoints and set_config. The budget is
 * today's count: a change that adds a statement to the issue path has to
 * say why here. Never time: statements only.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { scopeSwitches, type PgConnection } from '#tenancy/row_level_security'
import { tenantContext } from '#tenancy/tenant_context'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  issuingGroup,
  useTestCertificate,
} from '#tests/helpers/invoicing'

/** Statements per issued invoice, the credential already cached. */
const BUDGET = 8

/**
 * Counts what `run` sends. Inside the test's global transaction every
 * statement goes through one connection, which makes the session switches
 * countable too.
 */
async function measured(run: () => Promise<unknown>) {
  const transaction = db.connection() as unknown as {
    knexClient: NodeJS.EventEmitter & { client: { acquireConnection(): Promise<PgConnection> } }
  }
  const connection = await transaction.knexClient.client.acquireConnection()
  const sql: string[] = []
  const record = (query: { sql: string }) => sql.push(query.sql)
  transaction.knexClient.on('query', record)
  const switchesBefore = scopeSwitches(connection)
  try {
    await run()
  } finally {
    transaction.knexClient.off('query', record)
  }
  const switches = scopeSwitches(connection) - switchesBefore
  return { statements: sql.length + switches, switches, sql }
}

async function issue(client: any, company: EcCompany) {
  const response = await client
    .post('/app/documents')
    .json(invoiceInput(company))
    .header('accept', 'application/json')
    .loginAs(company.user)
    .withSession({ activeTenantId: company.tenant.id })
    .withCsrfToken()
  response.assertStatus(201)
}

test.group('Issue path: statements per invoice', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => useTestCertificate())

  test('issuing a new invoice stays within the statement budget', async ({ assert }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company)
    // A first issue warms what is cached per process (the credential, the adapter).
    await tenantContext.run(company.tenant, () => issueNewDocument(company.tenant, input))

    const measure = await measured(async () => {
      const { document } = await tenantContext.run(company.tenant, () =>
        issueNewDocument(company.tenant, input)
      )
      assert.equal(document.status, 'ISSUED')
    })
    assert.equal(measure.switches, 0)
    assert.isAtMost(measure.statements, BUDGET, measure.sql.join('\n'))
  })
})

test.group('Issue path: what row-level security costs', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('invoices of one company add no statement; a switch of company adds one', async ({
    client,
    assert,
  }) => {
    const a = await createEcCompany('OPERATOR')
    const b = await createEcCompany('OPERATOR')
    // The first invoice creates the numbering row and warms the caches.
    await issue(client, a)

    const second = await measured(() => issue(client, a))
    const third = await measured(() => issue(client, a))
    assert.equal(second.switches, 0)
    assert.equal(third.switches, 0)
    assert.equal(third.statements, second.statements)

    // Company B's first invoice on the connection A used: one switch.
    await issue(client, b)
    const backToA = await measured(() => issue(client, a))
    assert.equal(backToA.switches, 1)
    assert.equal(backToA.statements, second.statements + 1)
  })
})
