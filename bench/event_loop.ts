/*
|--------------------------------------------------------------------------
| Event-loop check: no web request blocks the server
|--------------------------------------------------------------------------
|
|   DB_DATABASE=facturo_bench node ace migration:run --force --connection=owner
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 \
|     node --import=ts-node-maintained/register/esm bench/event_loop.ts [--budget 50]
|
| Runs the web server inside this process and sends it, one at a time, the
| requests with the largest inputs the application accepts: a CSV import
| at the row limit (50,000 rows, 8.5 MB of the 10 MB allowed) and every request of its page
| (preview, progress polls, start, error report), an invoice with the
| maximum 500 lines, and the catalog list and exports once those 50,000
| customers are in. Around each request `perf_hooks.monitorEventLoopDelay`
| records how late the event loop ran: the longest stretch of synchronous
| work the request caused (what every other request of the process waits
| for). Before each request a full garbage collection clears
| what the benchmark itself allocated, so its own garbage is not counted
| against the request. The worker's part (reading and importing the file) runs in between,
| outside the measurement, as `node ace queue:listen` would in its own
| process. Prints one line per request and exits 1 when one is over the
| budget (50 ms by default).
|
*/
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { bootApp } from './boot_app.js'
import { createBenchCompany, flag, signIn } from './support.js'

/*
 * A full garbage collection on demand. Exposed at run time rather than with
 * `node --expose-gc`: the certificate reader's worker threads inherit the
 * process flags, and Node refuses that one in a worker.
 */
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const BUDGET_MS = flag('budget', 50)
const PORT = flag('port', Number(process.env.BENCH_PORT ?? 3397))
const ROWS = 50_000

process.env.PORT = String(PORT)
process.env.HOST = '127.0.0.1'
const app = await bootApp()
const { default: testUtils } = await import('@adonisjs/core/services/test_utils')
const { default: queue } = await import('@rlanz/bull-queue/services/main')
const { tenantContext } = await import('#tenancy/tenant_context')
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: AnalyzeImport } = await import('#catalog/actions/analyze_import')
const { default: RunImport } = await import('#catalog/actions/run_import')
const { CATALOG_IMPORT_QUEUE } = await import('#catalog/jobs/import_catalog_job')

const company = await createBenchCompany()
const close = await testUtils.httpServer().start()
const base = `http://127.0.0.1:${PORT}`
const session = await signIn(base, 'bench-owner@example.com', company.password)

/** The Inertia assets version, computed as @adonisjs/inertia does (manifest hash, else "1"). */
const manifest = 'public/assets/.vite/manifest.json'
const inertiaVersion = existsSync(manifest)
  ? createHash('md5').update(readFileSync(manifest, 'utf8')).digest('hex')
  : '1'
const PAGE = { 'x-inertia': 'true', 'x-inertia-version': inertiaVersion }

const histogram = monitorEventLoopDelay({ resolution: 1 })
const results: Array<{ request: string; status: number; maxDelayMs: number[]; medianMs: number }> =
  []
const REPEAT = flag('repeat', 3)

/** One request; the longest event-loop delay while it ran, in ms. */
async function once(path: string, init: RequestInit, json: boolean) {
  const headers: Record<string, string> = { ...session.headers(), ...(init.headers as object) }
  if (!json) delete headers['content-type']
  // Let earlier work settle, and collect the benchmark's own garbage.
  await new Promise((resolve) => setTimeout(resolve, 50))
  collectGarbage()
  histogram.reset()
  histogram.enable()
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init, headers })
  const body = Buffer.from(await response.arrayBuffer())
  histogram.disable()
  session.remember(response)
  return { response, body, delay: Number((histogram.max / 1e6).toFixed(1)) }
}

/**
 * Sends a request (`times` times when it can be repeated: the machine's
 * other load shows as occasional spikes) and records the longest
 * event-loop delay of each run; the median is compared with the budget.
 */
async function measured(
  label: string | null,
  path: string,
  init: RequestInit = {},
  json = true,
  times = 1
) {
  let last = await once(path, init, json)
  const delays = [last.delay]
  for (let run = 1; label !== null && run < times; run++) {
    last = await once(path, init, json)
    delays.push(last.delay)
  }
  if (label === null) return last
  const sorted = [...delays].sort((a, b) => a - b)
  const medianMs = sorted[Math.floor(sorted.length / 2)]
  results.push({ request: label, status: last.response.status, maxDelayMs: delays, medianMs })
  console.log(
    `${label.padEnd(44)} ${last.response.status}  max delay ${delays.join(' / ')} ms (median ${medianMs})`
  )
  return last
}

/** The worker's turn: run what a queued catalog job would run, unmeasured. */
async function workerRuns(importId: number, work: (id: number) => Promise<unknown>) {
  await tenantContext.run(company.tenant, () => work(importId))
  await queue.getOrSet(CATALOG_IMPORT_QUEUE).obliterate({ force: true })
}

/** A CSV of `rows` customers with valid cédulas, about 175 bytes a row (50,000 ≈ 8.5 MB). */
function customersCsv(rows: number) {
  const pad = 'x'.repeat(150)
  const lines = ['Tipo de identificación;Identificación;Razón social;Dirección']
  for (let index = 0; index < rows; index++) {
    // Cédulas of province 17 with their módulo-10 check digit.
    const digits = `17${String(10_000_000 + index).slice(1)}`.split('').map(Number)
    const sum = digits.reduce((total, digit, position) => {
      const product = digit * (position % 2 === 0 ? 2 : 1)
      return total + (product > 9 ? product - 9 : product)
    }, 0)
    lines.push(`05;${digits.join('')}${(10 - (sum % 10)) % 10};Cliente ${index};${pad}`)
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8')
}

async function removeImportedCustomers() {
  await tenantContext.run(company.tenant, async () => {
    await db.from('customers').whereNot('id', company.customer.id).delete()
    await db.from('catalog_imports').delete()
  })
}

/**
 * Every request of the import page and the invoice form, with `rows` in
 * the CSV and `lines` in the invoice. The first pass (small, unmeasured)
 * loads and compiles every module on the way, a one-time cost of the
 * process's first request of each kind.
 */
async function scenario(rows: number, lines: number, record: boolean) {
  const send = (label: string, path: string, init: RequestInit = {}, json = true) =>
    measured(record ? label : null, path, init, json, init.method ? 1 : REPEAT)
  await send('GET /app (company chosen)', '/app', { headers: PAGE })

  const file = customersCsv(rows)
  if (record) console.log(`CSV: ${rows} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB`)
  const form = new FormData()
  form.set('kind', 'customers')
  form.set('file', new Blob([file], { type: 'text/csv' }), 'clientes.csv')
  // Repeatable: each upload is a new import; the last one goes on.
  const uploaded = await measured(
    record ? 'POST /app/imports (upload)' : null,
    '/app/imports',
    { method: 'POST', body: form, headers: { accept: 'text/html' } },
    false,
    REPEAT
  )
  const location = uploaded.response.headers.get('location') ?? ''
  const importId = Number(location.match(/\/app\/imports\/(\d+)/)?.[1])
  if (!importId) throw new Error(`the upload answered ${uploaded.response.status} ${location}`)
  await send('GET /app/imports/:id/progress (reading)', `/app/imports/${importId}/progress`)
  await workerRuns(importId, (id) => new AnalyzeImport().handle(id))

  const page = await send('GET /app/imports/:id (preview)', `/app/imports/${importId}`, {
    headers: PAGE,
  })
  const mapping = JSON.parse(page.body.toString()).props.record.mapping
  await send('POST /app/imports/:id/start', `/app/imports/${importId}/start`, {
    method: 'POST',
    body: JSON.stringify({ mapping }),
  })
  await send('GET /app/imports/:id/progress (queued)', `/app/imports/${importId}/progress`)
  await workerRuns(importId, (id) => new RunImport().handle(id))
  await send('GET /app/imports/:id/progress (done)', `/app/imports/${importId}/progress`)
  await send('GET /app/imports/:id/errors (report)', `/app/imports/${importId}/errors`)

  // The catalog now holds the imported customers.
  await send('GET /app/customers?q=Cliente', '/app/customers?q=Cliente', { headers: PAGE })
  await send('GET /app/customers/export/csv', '/app/customers/export/csv')
  await send('GET /app/customers/export/xlsx', '/app/customers/export/xlsx')

  // An invoice with `lines` lines (the form accepts 500).
  const invoice = company.invoice()
  invoice.lines = Array.from({ length: lines }, (_, index) => ({
    ...invoice.lines[index % 2],
    code: `L${index}`,
  }))
  const total = Math.ceil(lines / 2) * 23 + Math.floor(lines / 2) * 5
  invoice.payments = [{ method: '01', amount: total.toFixed(2) }]
  await measured(
    record ? `POST /app/documents (${lines} lines)` : null,
    '/app/documents',
    { method: 'POST', body: JSON.stringify(invoice) },
    true,
    REPEAT
  )
  await send('GET /app/documents', '/app/documents', { headers: PAGE })
}

let exitCode = 0
try {
  await removeImportedCustomers()
  await scenario(500, 4, false)
  await removeImportedCustomers()
  await scenario(ROWS, 500, true)
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await close()
  await removeImportedCustomers()
  await company.remove()
  await queue.getOrSet(CATALOG_IMPORT_QUEUE).obliterate({ force: true })
  await queue.getOrSet('default').obliterate({ force: true })
  await app.terminate()
}

const over = results.filter((result) => result.medianMs > BUDGET_MS)
console.log(JSON.stringify({ budgetMs: BUDGET_MS, results }, null, 2))
if (over.length) {
  console.error(
    `Over the ${BUDGET_MS} ms budget: ${over.map((result) => result.request).join(', ')}`
  )
  exitCode = 1
}
process.exit(exitCode)
