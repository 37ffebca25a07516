/*
|--------------------------------------------------------------------------
| Issue endpoint benchmark
|--------------------------------------------------------------------------
|
|   node ace build
|   DB_DATABASE=facturo_bench node ace migration:run --force
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 \
|     node --import=ts-node-maintained/register/esm bench/issue_throughput.ts \
|     [--seconds 20] [--connections 8] [--web 2] [--points 1] [--api] [--source]
|
| Creates a bench company (owner, establishment, `--points` emission
| points, customer, the sample certificate uploaded into the vault), starts
| the production build of the web server (`build/bin/server.js`,
| NODE_ENV=production, WEB_CONCURRENCY=`--web`) on PORT (default 3398),
| signs in as the owner and fires `POST /app/documents` (JSON, one new
| invoice per request: validate, number, build, sign, persist, queue) with
| autocannon. With several points the requests are spread over them (a
| point per cashier). With `--api` the same invoices go to the REST API
| instead (`POST /api/v1/documents`, create-and-issue, an access token with
| documents:write, a new Idempotency-Key per request; no session, CSRF or
| page middleware), with the API's per-minute allowances raised so that the
| server is measured, not the limiter. No worker runs, so only the request
| path is measured; the queued jobs are removed at the end. Reports
| requests/s, latency percentiles, the CPU account and a check that the
| numbers are gapless.
|
*/
// autocannon ships no type declarations.
// @ts-expect-error untyped module
import autocannon from 'autocannon'
import { bootApp } from './boot_app.js'
import { cpuAccount, createBenchCompany, entryPoint, flag, signIn, startChild } from './support.js'

const SECONDS = flag('seconds', 20)
const CONNECTIONS = flag('connections', 8)
const WEB = flag('web', 2)
const POINTS = flag('points', 1)
const PORT = flag('port', Number(process.env.BENCH_PORT ?? 3398))
const API = process.argv.includes('--api')

const app = await bootApp()
const { default: queue } = await import('@rlanz/bull-queue/services/main')
const { default: db } = await import('@adonisjs/lucid/services/db')
const { tenantContext } = await import('#tenancy/tenant_context')

const company = await createBenchCompany(POINTS)
const base = `http://127.0.0.1:${PORT}`
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
    SRI_ENDPOINTS: 'simulator',
    API_LIMIT_PER_TOKEN: '10000000',
    API_LIMIT_PER_COMPANY: '10000000',
  },
  `${base}/health`
)

const cpu = cpuAccount(() => [{ label: 'web server', child: server }])

/** The signed-in owner's form endpoint (session cookie and CSRF token). */
async function formClient() {
  const session = await signIn(base, company.user.email, company.password)
  return { url: `${base}/app/documents`, headers: session.headers() }
}

/** The REST API with an access token of the company. */
async function apiClient() {
  const { apiTokens } = await import('#api/tokens')
  const token = await apiTokens.create(company.tenant, ['documents:write'], { name: 'bench' })
  return {
    url: `${base}/api/v1/documents`,
    headers: {
      'content-type': 'application/json',
      'accept': 'application/json',
      'authorization': `Bearer ${token.value!.release()}`,
    },
  }
}

let exitCode = 0
try {
  const { url, headers } = API ? await apiClient() : await formClient()
  const bodies = Array.from({ length: POINTS }, (_, index) =>
    JSON.stringify(company.invoice(index))
  )
  let key = 0
  // The API wants a new Idempotency-Key per invoice; the form ignores it.
  const requestHeaders = () => ({ ...headers, 'idempotency-key': `bench-${Date.now()}-${key++}` })
  const probe = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(),
    body: bodies[0],
  })
  if (probe.status !== 201) {
    throw new Error(`probe request answered ${probe.status}: ${await probe.text()}`)
  }

  let next = 0
  cpu.start()
  const times: number[] = []
  const result: any = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
        requests: [
          {
            setupRequest(request: Record<string, unknown>) {
              return { ...request, headers: requestHeaders(), body: bodies[next++ % POINTS] }
            },
          },
        ],
      },
      (error: Error | null, done: unknown) => (error ? reject(error) : resolve(done))
    )
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
      times.push(ms)
    )
  })
  const cpuSeconds = cpu.stop()
  times.sort((a, b) => a - b)
  const percentile = (p: number) =>
    Number(
      (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0).toFixed(1)
    )

  const numbers = await tenantContext.run(company.tenant, () =>
    db
      .from('documents')
      .where('tenant_id', company.tenant.id)
      .whereNotNull('sequential')
      .select('emission_point_id')
      .select(db.raw('count(*) as n, count(distinct sequential) as d, max(sequential) as hi'))
      .groupBy('emission_point_id')
  )
  console.log(
    JSON.stringify(
      {
        path: API ? 'POST /api/v1/documents (API, access token)' : 'POST /app/documents (session)',
        connections: CONNECTIONS,
        seconds: SECONDS,
        webProcesses: WEB,
        emissionPoints: POINTS,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        requestsPerSecond: result.requests.average,
        latencyMs: {
          p50: percentile(50),
          p90: percentile(90),
          p95: percentile(95),
          p99: percentile(99),
          max: percentile(100),
        },
        // CPU seconds of each part during the run ("this process" is autocannon).
        cpuSeconds,
        // Every point's numbers run 1..n without a gap or a repeat.
        gapless: numbers.every(
          (row) => Number(row.n) === Number(row.d) && Number(row.n) === Number(row.hi)
        ),
        issued: numbers.reduce((sum, row) => sum + Number(row.n), 0),
      },
      null,
      2
    )
  )
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await server.stop()
  await company.remove()
  await queue.getOrSet('default').obliterate({ force: true })
  await app.terminate()
  process.exit(exitCode)
}
