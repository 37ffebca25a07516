/*
|--------------------------------------------------------------------------
| What one SQL statement costs the web process
|--------------------------------------------------------------------------
|
| The issue endpoint's CPU per invoice is mostly a multiple of its
| statements (docs/performance.md). This measures the client side of one
| statement, in this process, sequentially (so CPU time and wall time are
| both shown): a raw `select 1` through Lucid's connection, a knex select
| of one column, and a Lucid model `find` (builder, row, model hydration),
| inside a company's tenant context like a request's. PostgreSQL's own
| CPU is not included. Uses the bench company of issue_throughput (run that
| once first).
|
|   DB_DATABASE=facturo_bench node build/bench/statement_cost.js [--iterations 2000]
|
*/
import { bootApp } from './boot_app.js'
import { flag } from './support.js'

await bootApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: Customer } = await import('#catalog/models/customer')
const { default: Tenant } = await import('#tenancy/models/tenant')
const { tenantContext, withoutTenantScope } = await import('#tenancy/tenant_context')

const iterations = flag('iterations', 2000)
const customer = await withoutTenantScope('bench: any customer row to read back', () =>
  Customer.query().orderBy('id').firstOrFail()
)
const tenant = await Tenant.findOrFail(customer.tenantId)

async function measure(label: string, work: () => Promise<unknown>) {
  for (let index = 0; index < 200; index++) await work()
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let index = 0; index < iterations; index++) await work()
  const used = process.cpuUsage(cpu)
  const wall = performance.now() - start
  return {
    statement: label,
    cpuMs: Number(((used.user + used.system) / 1000 / iterations).toFixed(3)),
    wallMs: Number((wall / iterations).toFixed(3)),
  }
}

const results = await tenantContext.run(tenant, async () => [
  await measure('raw select 1', () => db.rawQuery('select 1')),
  await measure('knex: one column of one row', () =>
    db.from('customers').where('id', customer.id).select('id').first()
  ),
  await measure('Lucid: Model.find (whole row, hydrated)', () => Customer.find(customer.id)),
])
console.log(JSON.stringify({ iterations, results }, null, 2))
process.exit(0)
