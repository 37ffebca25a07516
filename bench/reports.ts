/*
|--------------------------------------------------------------------------
| Dashboard, monthly report and document ZIP benchmark
|--------------------------------------------------------------------------
|
|   DB_DATABASE=facturo_bench node ace migration:run --force
|   DB_DATABASE=facturo_bench \
|     node --import=ts-node-maintained/register/esm bench/reports.ts \
|     [--documents 100000] [--zip 10000] [--runs 30]
|
| Seeds one company ("bench-reports") with `--documents` authorized
| documents (one in ten a credit note), each with two lines and two tax
| rows, written with INSERT … SELECT generate_series in batches of 10,000.
| The last full month holds `--zip` of them, each with an authorization
| XML of about 4 KB; the rest spread over the 23 months before it. A
| second run reuses the seed.
|
| Then, inside the company's tenant context as a request would be, it
| times `--runs` runs (after 3 warm-up runs) of the dashboard's queries
| (BuildDashboard) and of the monthly report (BuildPeriodReport) for that
| month, and has a fresh process (bench/reports_zip.ts, booted like a
| queue worker) build the ZIP of that month (BuildArchive, streamed to
| tmp/archives/) and report its memory, twice: with Node's default flags
| and with --optimize-for-size, as the export worker runs. Prints JSON.
| Run from the build (`node ace build`, then `node build/bench/reports.js`)
| to measure what production runs; from sources, ts-node adds ~150 MB.
|
*/
import { performance } from 'node:perf_hooks'
import { loadavg } from 'node:os'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DateTime } from 'luxon'
import { bootApp } from './boot_app.js'
import { flag } from './support.js'

const DOCUMENTS = flag('documents', 100_000)
const ZIP = flag('zip', 10_000)
const RUNS = flag('runs', 30)
const BATCH = 10_000

const app = await bootApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: Tenant } = await import('#tenancy/models/tenant')
const { default: Establishment } = await import('#catalog/models/establishment')
const { default: EmissionPoint } = await import('#catalog/models/emission_point')
const { tenantContext } = await import('#tenancy/tenant_context')
const { default: BuildDashboard } = await import('#reports/actions/build_dashboard')
const { default: BuildPeriodReport } = await import('#reports/actions/build_period_report')
const { companyToday } = await import('#reports/company_calendar')

const plan = await db.from('plans').select('code').orderBy('id').first()
const tenant = await Tenant.updateOrCreate(
  { slug: 'bench-reports' },
  {
    country: 'EC',
    taxId: '1790000000001',
    taxIdDv: null,
    legalName: 'BENCH REPORTES',
    tradeName: 'Bench reportes',
    address: 'Quito',
    status: 'ACTIVE',
    authorityEnvironment: 'test',
    planCode: plan?.code ?? 'empresarial',
    currency: 'USD',
    locale: 'es',
  }
)
const month = companyToday(tenant).startOf('month').minus({ months: 1 })
const monthFrom = month.toISODate()!
const monthTo = month.endOf('month').toISODate()!

async function seed() {
  const existing = await db.from('documents').where('tenant_id', tenant.id).count('* as n').first()
  if (Number(existing?.n) >= DOCUMENTS) return { seeded: false, seconds: 0 }
  const started = performance.now()
  await db.from('documents').where('tenant_id', tenant.id).delete()
  const point = await (async () => {
    const establishment =
      (await Establishment.findBy('code', '001')) ??
      (await Establishment.create({
        code: '001',
        name: 'Matriz',
        address: 'Quito',
        isActive: true,
      }))
    const emission =
      (await EmissionPoint.query().where('establishment_id', establishment.id).first()) ??
      (await EmissionPoint.create({
        establishmentId: establishment.id,
        code: '001',
        description: 'Caja',
        isActive: true,
      }))
    return { establishmentId: establishment.id, emissionPointId: emission.id }
  })()
  const xml = `<autorizacion><estado>AUTORIZADO</estado><comprobante><![CDATA[${'<detalle>x</detalle>'.repeat(200)}]]></comprobante></autorizacion>`
  for (let first = 1; first <= DOCUMENTS; first += BATCH) {
    const last = Math.min(first + BATCH - 1, DOCUMENTS)
    // Documents 1..ZIP fall in the bench month; the others over the 23 months before it.
    // Credit notes (one in ten) point at the invoice just before them, inserted first.
    for (const kind of ['invoice', 'credit_note']) {
      await db.rawQuery(
        `insert into documents (tenant_id, type, status, establishment_id, emission_point_id,
           referenced_document_id, environment, issue_date, currency, sequential, number, buyer,
           subtotal, tax_total, total, authorization_xml, created_at)
         select :tenant, :kind, 'AUTHORIZED', :establishment, :point,
           case when :kind = 'credit_note' then (select i.id from documents i
             where i.tenant_id = :tenant and i.type = 'invoice' and i.environment = 'test'
               and i.establishment_id = :establishment and i.emission_point_id = :point
               and i.sequential = n - 1) end,
           'test',
           case when n <= :zip then :from::date + (n % 28)
                else :from::date - 1 - (n % 700) end,
           'USD', n, '001-001-' || lpad(n::text, 9, '0'),
           jsonb_build_object('identificationType', '05', 'identification', lpad((n % 500)::text, 10, '0'),
                              'name', 'Cliente ' || (n % 500)),
           100.00 + (n % 50), round((100.00 + (n % 50) - 50) * 0.15, 2),
           100.00 + (n % 50) + round((100.00 + (n % 50) - 50) * 0.15, 2),
           case when n <= :zip then :xml else null end, now()
         from generate_series(:first::int, :last::int) as n
         where (n % 10 = 0) = (:kind = 'credit_note')`,
        {
          tenant: tenant.id,
          kind,
          establishment: point.establishmentId,
          point: point.emissionPointId,
          zip: ZIP,
          from: monthFrom,
          xml,
          first,
          last,
        }
      )
    }
  }
  await db.rawQuery(
    `insert into document_taxes (tenant_id, document_id, category, authority_code, authority_rate_code, rate, base, amount)
     select tenant_id, id, 'iva_15', '2', '4', 15, subtotal - 50, round((subtotal - 50) * 0.15, 2) from documents where tenant_id = ?
     union all
     select tenant_id, id, 'iva_0', '2', '0', 0, 50, 0 from documents where tenant_id = ?`,
    [tenant.id, tenant.id]
  )
  await db.rawQuery(
    `insert into document_lines (tenant_id, document_id, position, code, description, quantity, unit_price, discount, tax_category, subtotal, created_at)
     select tenant_id, id, 1, 'P' || (sequential % 40), 'Producto ' || (sequential % 40), 1, subtotal - 50, 0, 'iva_15', subtotal - 50, now()
       from documents where tenant_id = ?
     union all
     select tenant_id, id, 2, 'S1', 'Servicio', 1, 50, 0, 'iva_0', 50, now() from documents where tenant_id = ?`,
    [tenant.id, tenant.id]
  )
  await db.rawQuery('analyze documents, document_taxes, document_lines')
  return { seeded: true, seconds: Math.round((performance.now() - started) / 100) / 10 }
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function time(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  const round = (value: number) => Math.round(value * 10) / 10
  return {
    runs: RUNS,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    maxMs: round(Math.max(...samples)),
  }
}

// Row-level security: the seed writes the bench company's rows as that company.
const seeding = await tenantContext.run(tenant, seed)
const loadBefore = loadavg()
const ctx = {
  tenant,
  membership: { role: 'OWNER' },
  auth: { user: { emailVerifiedAt: DateTime.now() } },
  i18n: { locale: 'es' },
} as any

const result = await tenantContext.run(tenant, async () => {
  const dashboard = await time(() => new BuildDashboard().handle(ctx))
  const report = await time(() =>
    new BuildPeriodReport().handle(
      tenant,
      { period: 'month', month: month.toFormat('yyyy-MM') },
      'es'
    )
  )
  const sample = await new BuildPeriodReport().handle(
    tenant,
    { period: 'month', month: month.toFormat('yyyy-MM') },
    'es'
  )

  return {
    dashboard,
    monthlyReport: {
      ...report,
      invoices: sample.totals.invoices,
      creditNotes: sample.totals.creditNotes,
    },
  }
})

const extension = import.meta.url.endsWith('.js') ? '.js' : '.ts'

/**
 * The ZIP is built in a process of its own, booted like a queue worker:
 * this one has seeded and aggregated a hundred thousand documents, and
 * its memory says nothing about what a ZIP needs. `nodeFlags` are the
 * worker's own V8 flags (the export worker of docs/operations.md runs
 * with --optimize-for-size).
 */
function buildZip(nodeFlags: string[]) {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      ...nodeFlags,
      fileURLToPath(new URL('reports_zip.ts', import.meta.url)).replace(/\.ts$/, extension),
      '--tenant',
      String(tenant.id),
      '--from',
      monthFrom,
      '--to',
      monthTo,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env }
  )
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  return new Promise<Record<string, number>>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`reports_zip exited with ${code}`))
      resolve(JSON.parse(output.trim().split('\n').pop()!))
    })
  })
}
// A worker with Node's default flags, then one started as the export worker is.
const zip = await buildZip([])
const zipExportWorker = await buildZip(['--optimize-for-size'])

console.log(
  JSON.stringify(
    {
      documents: DOCUMENTS,
      seeding,
      month: month.toFormat('yyyy-MM'),
      ...result,
      zip,
      zipExportWorker,
      loadAverage: {
        before: loadBefore.map((value) => Math.round(value * 100) / 100),
        after: loadavg().map((value) => Math.round(value * 100) / 100),
      },
    },
    null,
    2
  )
)
await app.terminate()
