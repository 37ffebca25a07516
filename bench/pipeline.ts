/*
|--------------------------------------------------------------------------
| Pipeline benchmark: issue → AUTHORIZED through a tax-authority simulator
|--------------------------------------------------------------------------
|
|   node ace build
|   DB_DATABASE=facturo_bench node ace migration:run --force
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 \
|     node --import=ts-node-maintained/register/esm bench/pipeline.ts \
|     [--country EC|PA] [--documents 10000] [--issuers 8] [--points 1] [--workers 2] [--concurrency 16] [--source]
|
| The bench company of `--country` (bench/support.ts: Ecuador's with its
| certificate in the vault, Panama's with its PAC tokens) issues
| `--documents` invoices through the real pipeline (validate → number →
| build → sign → persist → queue) from `--issuers` parallel callers in this
| process, spread over `--points` emission points. The process-document
| jobs run in `--workers` separate `node ace queue:listen` processes of the
| production build (QUEUE_CONCURRENCY=`--concurrency` each), against the
| country's simulator running as its own `node ace tax:simulator <country>`
| process: the SRI simulator parses every SOAP request and verifies every
| XAdES signature, as SRI would; the HKA simulator checks every documento
| (fields, arithmetic, duplicates → 1513) and answers Enviar with the CUFE,
| as HKA does. The run ends when every document is AUTHORIZED (or after 15
| minutes) and reports total time, documents per second, duplicates (a
| document authorized twice, a number used twice) and losses.
|
*/
import { bootApp } from './boot_app.js'
import {
  BENCH_PAC_TOKENS,
  cpuAccount,
  createBenchCompany,
  createBenchPanamaCompany,
  entryPoint,
  flag,
  startChild,
  type Child,
} from './support.js'

const TOTAL = flag('documents', 10_000)
const ISSUERS = flag('issuers', 8)
const POINTS = flag('points', 1)
const WORKERS = flag('workers', 2)
const CONCURRENCY = flag('concurrency', 16)
const SIMULATOR_PORT = flag('simulator-port', 3497)
const COUNTRY = process.argv.includes('--country')
  ? process.argv[process.argv.indexOf('--country') + 1]
  : 'EC'
if (COUNTRY !== 'EC' && COUNTRY !== 'PA') {
  console.error(`--country must be EC or PA, not ${COUNTRY}`)
  process.exit(2)
}

const app = await bootApp()
const { default: queue } = await import('@rlanz/bull-queue/services/main')
const { default: db } = await import('@adonisjs/lucid/services/db')
const { tenantContext } = await import('#tenancy/tenant_context')
const { issueNewDocument } = await import('#documents/actions/issue_new_document')

await queue.getOrSet('default').obliterate({ force: true })
const company =
  COUNTRY === 'PA' ? await createBenchPanamaCompany(POINTS) : await createBenchCompany(POINTS)
const simulatorUrl = `http://127.0.0.1:${SIMULATOR_PORT}`
const simulatorName = COUNTRY === 'PA' ? 'HKA simulator' : 'SRI simulator'
const children: Array<{ label: string; child: Child }> = []
const cpu = cpuAccount(() => children)
const childEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  SRI_ENDPOINTS: 'simulator',
  SRI_SIMULATOR_URL: simulatorUrl,
  HKA_ENDPOINTS: 'simulator',
  HKA_SIMULATOR_URL: simulatorUrl,
  QUEUE_CONCURRENCY: String(CONCURRENCY),
}

let exitCode = 0
try {
  children.push({
    label: simulatorName,
    child: await startChild(
      simulatorName,
      entryPoint('ace'),
      ['tax:simulator', COUNTRY, '--port', String(SIMULATOR_PORT)],
      childEnv,
      `${simulatorUrl}/__control/state`
    ),
  })
  if (COUNTRY === 'PA') {
    // HKA sells folios: the bench account gets enough for the run (5,000 per cycle otherwise).
    const account = await fetch(`${simulatorUrl}/__control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...BENCH_PAC_TOKENS,
        ruc: company.tenant.taxId,
        dv: company.tenant.taxIdDv,
        cycleTotal: TOTAL + 100,
        licenceTotal: TOTAL + 100,
      }),
    })
    if (!account.ok) throw new Error(`HKA simulator account: ${await account.text()}`)
  }
  for (let index = 0; index < WORKERS; index++) {
    const label = `worker ${index + 1}`
    children.push({
      label,
      child: await startChild(label, entryPoint('ace'), ['queue:listen'], childEnv),
    })
  }

  cpu.start()
  const started = performance.now()
  let issued = 0
  await tenantContext.run(company.tenant, () =>
    Promise.all(
      Array.from({ length: ISSUERS }, async (_, issuer) => {
        while (issued < TOTAL) {
          issued++
          await issueNewDocument(company.tenant, company.invoice(issuer))
        }
      })
    )
  )
  const issuedAt = performance.now()
  console.log(`issued ${TOTAL} in ${((issuedAt - started) / 1000).toFixed(1)} s`)

  const deadline = Date.now() + 15 * 60_000
  let authorized = 0
  let lastReport = Date.now()
  while (Date.now() < deadline) {
    const row = await tenantContext.run(company.tenant, () =>
      db
        .from('documents')
        .where('tenant_id', company.tenant.id)
        .where('status', 'AUTHORIZED')
        .count('* as n')
        .first()
    )
    authorized = Number(row?.n ?? 0)
    if (authorized >= TOTAL) break
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now()
      console.log(
        `${authorized} authorized after ${((performance.now() - started) / 1000).toFixed(0)} s`
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const finished = performance.now()
  const cpuSeconds = cpu.stop()

  const counts = await tenantContext.run(company.tenant, () =>
    db
      .from('documents')
      .where('tenant_id', company.tenant.id)
      .select('status')
      .count('* as n')
      .groupBy('status')
  )
  const authorizedTwice = await tenantContext.run(company.tenant, () =>
    db
      .from('document_events')
      .where('tenant_id', company.tenant.id)
      .where('kind', 'authorized')
      .select('document_id')
      .count('* as n')
      .groupBy('document_id')
      .havingRaw('count(*) > 1')
  )
  const numbering = await tenantContext.run(company.tenant, () =>
    db
      .from('documents')
      .where('tenant_id', company.tenant.id)
      .select('emission_point_id')
      .select(db.raw('count(*) as n, count(distinct sequential) as d, max(sequential) as hi'))
      .groupBy('emission_point_id')
  )
  const stateResponse = await fetch(`${simulatorUrl}/__control/state`)
  const state = (await stateResponse.json()) as {
    documents: Array<{ status: string; submissions?: number }>
  }
  // SRI's simulator counts each document's submissions; HKA's refuses a second Enviar (1513), so none is resent.
  const simulatorAuthorized = COUNTRY === 'PA' ? 'Autorizada' : 'AUTORIZADO'
  const totalSeconds = (finished - started) / 1000

  console.log(
    JSON.stringify(
      {
        country: COUNTRY,
        documents: TOTAL,
        issuers: ISSUERS,
        emissionPoints: POINTS,
        workers: WORKERS,
        concurrencyPerWorker: CONCURRENCY,
        issueSeconds: Number(((issuedAt - started) / 1000).toFixed(1)),
        totalSeconds: Number(totalSeconds.toFixed(1)),
        documentsPerSecond: Number((authorized / totalSeconds).toFixed(0)),
        statuses: Object.fromEntries(counts.map((row) => [row.status, Number(row.n)])),
        authorizedTwice: authorizedTwice.length,
        lost: TOTAL - authorized,
        // Every point's numbers run 1..n without a gap or a repeat.
        gaplessNumbers: numbering.every(
          (row) => Number(row.n) === Number(row.d) && Number(row.n) === Number(row.hi)
        ),
        // CPU seconds used by each part while the documents went through.
        cpuSeconds,
        simulator: {
          received: state.documents.length,
          authorized: state.documents.filter((entry) => entry.status === simulatorAuthorized)
            .length,
          resent: state.documents.filter((entry) => (entry.submissions ?? 1) > 1).length,
        },
      },
      null,
      2
    )
  )
  if (authorized !== TOTAL || authorizedTwice.length > 0) exitCode = 1
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await Promise.all(children.map(({ child }) => child.stop()))
  await company.remove()
  await queue.getOrSet('default').obliterate({ force: true })
  await app.terminate()
  process.exit(exitCode)
}
