/*
|--------------------------------------------------------------------------
| Console at scale: overview and companies list
|--------------------------------------------------------------------------
|
| Times what the server does for the console's two heaviest pages against
| the scale data set (`node ace bench:seed`, 1,000 companies × 1,000
| documents): building the overview (every figure: companies, MRR,
| weekly movement, documents per day, authorities, top companies, queues)
| and one page of the companies list, unfiltered, searched and filtered by
| credential state. Each is run `--iterations` times after `--warmup`
| runs; the figures are milliseconds per call (p50, p95, max). Page
| rendering (SSR of the Vue page) is not included.
|
|   DB_DATABASE=facturo_bench node --import=ts-node-maintained/register/esm bench/admin.ts [--iterations 30]
|
*/
import { loadavg } from 'node:os'
import { bootApp } from './boot_app.js'
import { flag } from './support.js'

const app = await bootApp()
const { buildOverview } = await import('#admin/actions/build_overview')
const { searchCompanies } = await import('#admin/companies/queries')
const { default: db } = await import('@adonisjs/lucid/services/db')

const iterations = flag('iterations', 30)
const warmup = flag('warmup', 3)

async function measure(label: string, work: () => Promise<unknown>) {
  for (let index = 0; index < warmup; index++) await work()
  const times: number[] = []
  for (let index = 0; index < iterations; index++) {
    const started = process.hrtime.bigint()
    await work()
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]
  return {
    label,
    p50: Number(at(0.5).toFixed(1)),
    p95: Number(at(0.95).toFixed(1)),
    max: Number(times[times.length - 1].toFixed(1)),
  }
}

const { withoutTenantScope } = await import('#tenancy/tenant_context')

// Row-level security: counting every company's documents is a platform read.
const size = await withoutTenantScope('the benchmark reports the size of its data set', () =>
  db.rawQuery(
    `select (select count(*) from tenants)::int as companies, (select count(*) from documents)::int as documents`
  )
)
const loadBefore = loadavg()
const results = [
  await measure('overview', () => buildOverview()),
  await measure('companies list, page 1', () => searchCompanies({})),
  await measure('companies list, page 20', () => searchCompanies({ page: 20 })),
  await measure('companies list, search "Banco 42"', () => searchCompanies({ q: 'Banco 42' })),
  await measure('companies list, credential missing, plan basico', () =>
    searchCompanies({ credential: 'missing', plan: 'basico' })
  ),
]
const loadAfter = loadavg()
console.log(
  JSON.stringify(
    {
      data: size.rows[0],
      iterations,
      loadAverage: {
        before: loadBefore.map((v) => v.toFixed(2)),
        after: loadAfter.map((v) => v.toFixed(2)),
      },
      results,
    },
    null,
    2
  )
)
await app.terminate()
