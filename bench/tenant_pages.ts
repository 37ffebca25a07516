/*
|--------------------------------------------------------------------------
| A company's pages at 1,000 companies × 1,000 documents
|--------------------------------------------------------------------------
|
|   node ace build
|   DB_DATABASE=facturo_bench node ace bench:seed
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 \
|     node build/bench/tenant_pages.js [--companies 20] [--rounds 5] [--web 1] [--port 3952]
|
| Starts the production build of the web server (NODE_ENV=production,
| WEB_CONCURRENCY=`--web`, server-side rendering on) and, for a sample of
| `--companies` seeded companies (active, on the plan with API access,
| spread over the whole data set and both countries), signs in as each
| company's owner (a real session: login form, cookie, CSRF token) and
| creates a read-only access token. Then, company after company, it
| requests every page below `--rounds` times, one request at a time, after
| one unmeasured warm-up request each:
|
| - the documents list: the first page as a full page load (HTML rendered
|   on the server) and as an Inertia visit (the JSON a click or a filter
|   change fetches), then as Inertia visits with each filter (status, the
|   last 30 days, one customer), a search by number and by customer name,
|   and pages 2 and 20 (the page's offset pagination);
| - the same on the API: GET /api/v1/documents with each filter and search,
|   and the next page through its cursor (the 2nd page and a page deep in
|   the list);
| - a document's page (full load and Inertia visit) and its API detail;
| - the dashboard (full load and Inertia visit).
|
| Times are measured by this process around each request on loopback
| (from sending it to the last byte of the body), so they hold the
| server's whole work plus the loopback round trip (a few tenths of a
| millisecond). Printed as JSON with p50 / p95 / max per page over every
| company's requests, the load average before and after, and the CPU
| account of the run (this process, the web server, PostgreSQL, Redis).
| The access tokens are deleted at the end.
|
*/
import { loadavg } from 'node:os'
import { bootApp } from './boot_app.js'
import { cpuAccount, entryPoint, flag, signIn, startChild } from './support.js'

const COMPANIES = flag('companies', 20)
const ROUNDS = flag('rounds', 5)
const WEB = flag('web', 1)
const PORT = flag('port', Number(process.env.BENCH_PORT ?? 3952))

const app = await bootApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: Tenant } = await import('#tenancy/models/tenant')
const { apiTokens } = await import('#api/tokens')
const { withoutTenantScope } = await import('#tenancy/tenant_context')
const { benchOwnerEmail, BENCH_OWNER_PASSWORD } = await import('#database/scale_seed')

const base = `http://127.0.0.1:${PORT}`

interface Sample {
  index: number
  tenant: InstanceType<typeof Tenant>
  documentId: number
  customerId: number
  /** A surname the company's customers carry (the seed combines surnames and names). */
  customerName: string
  /** The number of a document half-way through the list, as typed in the search box. */
  number: string
  /** An id deep in the list: the API cursor of a page far from the first. */
  deepCursor: string
}

/** Companies spread over the data set: active, on a plan with API access, both countries. */
async function sampleCompanies(): Promise<Sample[]> {
  return withoutTenantScope('the benchmark picks companies of the whole data set', async () => {
    const candidates = await db
      .from('tenants')
      .join('plans', 'plans.code', 'tenants.plan_code')
      .where('tenants.slug', 'like', 'bench-%')
      .where('tenants.status', 'ACTIVE')
      .where('plans.api_access', true)
      .orderBy('tenants.id')
      .select('tenants.id', 'tenants.slug')
    if (candidates.length === 0) {
      throw new Error('No seeded companies: run `node ace bench:seed` on this database first')
    }
    const step = Math.max(1, Math.floor(candidates.length / COMPANIES))
    const chosen = candidates.filter((_, position) => position % step === 0).slice(0, COMPANIES)
    const samples: Sample[] = []
    for (const row of chosen) {
      const documents = await db
        .from('documents')
        .where('tenant_id', row.id)
        .where('status', 'AUTHORIZED')
        .orderBy('id')
        .select('id', 'number', 'customer_id')
      const middle = documents[Math.floor(documents.length / 2)]
      const deep = documents[Math.floor(documents.length / 5)]
      const customer = await db
        .from('customers')
        .where('tenant_id', row.id)
        .where('id', middle.customer_id)
        .select('legal_name')
        .first()
      samples.push({
        index: Number(String(row.slug).replace('bench-', '')),
        tenant: await Tenant.findOrFail(row.id),
        documentId: middle.id,
        customerId: middle.customer_id,
        customerName: String(customer.legal_name).split(' ')[0],
        number: middle.number,
        deepCursor: Buffer.from(String(deep.id)).toString('base64url'),
      })
    }
    return samples
  })
}

const times = new Map<string, number[]>()
const failures: string[] = []

async function timed(label: string, url: string, headers: Record<string, string>) {
  const started = process.hrtime.bigint()
  const response = await fetch(`${base}${url}`, { headers, redirect: 'manual' })
  const body = await response.text()
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (response.status !== 200) {
    failures.push(`${label}: ${url} answered ${response.status}`)
    return { body, elapsed: null }
  }
  return { body, elapsed }
}

async function measure(label: string, url: string, headers: Record<string, string>) {
  await timed(label, url, headers)
  for (let round = 0; round < ROUNDS; round++) {
    const { elapsed } = await timed(label, url, headers)
    if (elapsed === null) continue
    if (!times.has(label)) times.set(label, [])
    times.get(label)!.push(elapsed)
  }
}

/** The Inertia version the server expects, read from a full page's embedded page object. */
function inertiaVersion(html: string) {
  const page = /data-page="([^"]*)"/.exec(html)?.[1] ?? ''
  const decoded = page.replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  return /"version":"([^"]*)"/.exec(decoded)?.[1] ?? ''
}

function summary() {
  return [...times].map(([label, values]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
    return {
      label,
      requests: sorted.length,
      p50: Number(at(0.5).toFixed(1)),
      p95: Number(at(0.95).toFixed(1)),
      max: Number(sorted[sorted.length - 1].toFixed(1)),
    }
  })
}

const samples = await sampleCompanies()
const server = await startChild(
  'web server',
  entryPoint('bin/server'),
  [],
  {
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    WEB_CONCURRENCY: String(WEB),
    LOG_LEVEL: 'warn',
    API_LIMIT_PER_TOKEN: '10000000',
    API_LIMIT_PER_COMPANY: '10000000',
  },
  `${base}/health`
)
const cpu = cpuAccount(() => [{ label: 'web server', child: server }])
const tokens: Array<{ tenant: InstanceType<typeof Tenant>; identifier: string | number | BigInt }> =
  []

let exitCode = 0
try {
  // Sessions and tokens first, so that the measured part holds only page requests.
  const clients = []
  for (const sample of samples) {
    const session = await signIn(base, benchOwnerEmail(sample.index), BENCH_OWNER_PASSWORD)
    const token = await apiTokens.create(sample.tenant, ['documents:read'], {
      name: 'bench pages',
    })
    tokens.push({ tenant: sample.tenant, identifier: token.identifier })
    clients.push({ sample, session, bearer: `Bearer ${token.value!.release()}` })
  }
  const today = new Date()
  const monthAgo = new Date(today.getTime() - 30 * 86_400_000)
  const day = (date: Date) => date.toISOString().slice(0, 10)
  const range = `from=${day(monthAgo)}&to=${day(today)}`

  const loadBefore = loadavg()
  cpu.start()
  for (const { sample, session, bearer } of clients) {
    const cookie = session.headers().cookie
    const html = { cookie, accept: 'text/html' }
    const first = await fetch(`${base}/app/documents`, { headers: html })
    const version = inertiaVersion(await first.text())
    const inertia = {
      'cookie': cookie,
      'accept': 'text/html, application/xhtml+xml',
      'x-inertia': 'true',
      'x-inertia-version': version,
      'x-requested-with': 'XMLHttpRequest',
    }
    const api = { authorization: bearer, accept: 'application/json' }
    const q = encodeURIComponent

    await measure('list, full page load (SSR)', '/app/documents', html)
    await measure('list, first page', '/app/documents', inertia)
    await measure('list, status AUTHORIZED', '/app/documents?status=AUTHORIZED', inertia)
    await measure('list, last 30 days', `/app/documents?${range}`, inertia)
    await measure('list, one customer', `/app/documents?customerId=${sample.customerId}`, inertia)
    await measure('list, search by number', `/app/documents?q=${q(sample.number)}`, inertia)
    await measure(
      'list, search by customer name',
      `/app/documents?q=${q(sample.customerName)}`,
      inertia
    )
    await measure('list, page 2', '/app/documents?page=2', inertia)
    await measure('list, page 20', '/app/documents?page=20', inertia)
    await measure('document, full page load (SSR)', `/app/documents/${sample.documentId}`, html)
    await measure('document', `/app/documents/${sample.documentId}`, inertia)
    await measure('dashboard, full page load (SSR)', '/app', html)
    await measure('dashboard', '/app', inertia)

    await measure('API list, first page', '/api/v1/documents', api)
    await measure('API list, status AUTHORIZED', '/api/v1/documents?status=AUTHORIZED', api)
    await measure('API list, last 30 days', `/api/v1/documents?${range}`, api)
    await measure(
      'API list, one customer',
      `/api/v1/documents?customerId=${sample.customerId}`,
      api
    )
    await measure('API list, search by number', `/api/v1/documents?q=${q(sample.number)}`, api)
    await measure(
      'API list, search by customer name',
      `/api/v1/documents?q=${q(sample.customerName)}`,
      api
    )
    const page1 = await fetch(`${base}/api/v1/documents`, { headers: api })
    const { nextCursor } = (await page1.json()) as { nextCursor: string | null }
    await measure('API list, 2nd page (cursor)', `/api/v1/documents?cursor=${nextCursor}`, api)
    await measure(
      'API list, page deep in the list (cursor)',
      `/api/v1/documents?cursor=${sample.deepCursor}`,
      api
    )
    await measure('API document', `/api/v1/documents/${sample.documentId}`, api)
  }
  const account = cpu.stop()
  const loadAfter = loadavg()
  const size = await withoutTenantScope('the benchmark reports the size of its data set', () =>
    db.rawQuery(
      `select (select count(*) from tenants)::int as companies,
              (select count(*) from documents)::int as documents,
              (select count(*) from document_lines)::int as lines,
              (select count(*) from customers)::int as customers`
    )
  )
  console.log(
    JSON.stringify(
      {
        data: size.rows[0],
        companies: samples.map((sample) => sample.tenant.slug),
        rounds: ROUNDS,
        web: WEB,
        timing: 'client side, around each request on loopback, one request at a time',
        loadAverage: {
          before: loadBefore.map((value) => value.toFixed(2)),
          after: loadAfter.map((value) => value.toFixed(2)),
        },
        cpuSeconds: account,
        results: summary(),
        failures: failures.slice(0, 20),
      },
      null,
      2
    )
  )
  if (failures.length > 0) exitCode = 1
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  for (const { tenant, identifier } of tokens) await apiTokens.delete(tenant, identifier)
  await server.stop()
  await app.terminate()
}
process.exit(exitCode)
