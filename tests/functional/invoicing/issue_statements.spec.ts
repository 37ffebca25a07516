import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { scopeSwitches, type PgConnection } from '#tenancy/row_level_security'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
} from '#tests/helpers/invoicing'

/**
 * What row-level security costs on the issue path, in statements (never in
 * time): the session's tenant is sent only when a connection changes
 * company, so a run of invoices of one company costs no extra round trip
 * and a switch costs one. Inside the test's global transaction every
 * statement goes through one connection, which makes both countable.
 */
async function measured(run: () => Promise<unknown>) {
  const transaction = db.connection() as unknown as {
    knexClient: NodeJS.EventEmitter & { client: { acquireConnection(): Promise<PgConnection> } }
  }
  const connection = await transaction.knexClient.client.acquireConnection()
  let statements = 0
  const count = () => statements++
  transaction.knexClient.on('query', count)
  const switchesBefore = scopeSwitches(connection)
  try {
    await run()
  } finally {
    transaction.knexClient.off('query', count)
  }
  const switches = scopeSwitches(connection) - switchesBefore
  return { statements: statements + switches, switches }
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
  sriSimulatorForGroup(group)
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
