/*
|--------------------------------------------------------------------------
| Pipeline benchmark: issue → AUTHORIZED through the SRI simulator
|--------------------------------------------------------------------------
|
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 \
|     node --import=ts-node-maintained/register/esm bench/pipeline.ts \
|     [--documents 10000] [--issuers 16] [--concurrency 64]
|
| The database must be migrated first (`node ace migration:run` with the
| same variables). One bench company is created (and deleted at the end)
| with one emission point. `--issuers` requests issue in parallel through
| the real pipeline (validate → number → build → sign → persist → queue);
| a BullMQ worker in this process with `--concurrency` slots runs the
| process-document jobs against the SRI simulator (in-process, port 0).
| The run ends when every document is AUTHORIZED (or after 10 minutes)
| and reports total time, duplicates and losses. The bench customer has no
| e-mail, so no RIDE is rendered: this measures the authority pipeline.
|
*/
import { bootApp } from './boot_app.js'

const args = process.argv.slice(2)
function flag(name: string, fallback: number) {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? Number(args[index + 1]) : fallback
}
const TOTAL = flag('documents', 10_000)
const ISSUERS = flag('issuers', 16)
const CONCURRENCY = flag('concurrency', 64)

const app = await bootApp()
const { default: logger } = await import('@adonisjs/core/services/logger')
const { default: queue } = await import('@rlanz/bull-queue/services/main')
const { default: queueConfig } = await import('#config/queue')
const { default: tax } = await import('#adapters/core/services/tax')
const { Worker } = await import('bullmq')
const { startSriSimulator } = await import('#adapters/ecuador_sri/simulator/server')
const { SriAuthority } = await import('#adapters/ecuador_sri/sri_authority')
const { sampleCredential } = await import('#adapters/ecuador_sri/testing/fixtures')
const { useSigningCredentialsLoader } = await import('#tax/credentials')
const { default: Tenant } = await import('#tenancy/models/tenant')
const { tenantContext } = await import('#tenancy/tenant_context')
const { default: Establishment } = await import('#catalog/models/establishment')
const { default: EmissionPoint } = await import('#catalog/models/emission_point')
const { default: Customer } = await import('#catalog/models/customer')
const { issueNewDocument } = await import('#invoicing/actions/issue_new_document')
const { default: db } = await import('@adonisjs/lucid/services/db')

const simulator = await startSriSimulator({ port: 0 })
tax.fake(
  'EC',
  new SriAuthority({
    receptionUrl: simulator.receptionUrl,
    authorizationUrl: simulator.authorizationUrl,
    timeoutMs: 20_000,
  })
)
const { credential } = sampleCredential()
useSigningCredentialsLoader(async () => credential)
await queue.getOrSet('default').obliterate({ force: true })

const stamp = `${Date.now()}`.slice(-8)
const tenant = await Tenant.create({
  country: 'EC',
  taxId: '1710034065001',
  taxIdDv: null,
  legalName: 'BENCH PIPELINE',
  tradeName: 'Bench pipeline',
  address: 'Quito',
  slug: `bench-pipeline-${stamp}`,
  status: 'ACTIVE',
  authorityEnvironment: 'test',
  planCode: 'empresarial',
  currency: 'USD',
  locale: 'es',
})

let exitCode = 0
try {
  const { establishment, point, customer } = await tenantContext.run(tenant, async () => {
    const est = await Establishment.create({
      code: '001',
      name: 'Matriz',
      address: 'Quito',
      isActive: true,
    })
    const pt = await EmissionPoint.create({
      establishmentId: est.id,
      code: '001',
      description: null,
      isActive: true,
    })
    const cus = await Customer.create({
      identificationType: '05',
      identification: '0926687856',
      legalName: 'Cliente Bench',
      emails: [],
      isActive: true,
    })
    return { establishment: est, point: pt, customer: cus }
  })
  const input = {
    customerId: customer.id,
    establishmentId: establishment.id,
    emissionPointId: point.id,
    lines: [
      {
        code: 'A1',
        description: 'Artículo',
        quantity: '2',
        unitPrice: '10.00',
        discount: '0',
        taxCategory: 'iva_15',
      },
      {
        code: 'S1',
        description: 'Servicio',
        quantity: '1',
        unitPrice: '5.00',
        discount: '0',
        taxCategory: 'iva_0',
      },
    ],
    payments: [{ method: '01', amount: '28.00' }],
  }

  const worker = new Worker(
    'default',
    async (job) => {
      const { default: JobClass } = await import(job.name)
      const instance = await app.container.make(JobClass)
      instance.$injectInternal({ job, logger })
      await app.container.call(instance, 'handle', [job.data])
    },
    { ...queueConfig.worker, connection: queueConfig.defaultConnection, concurrency: CONCURRENCY }
  )

  const started = performance.now()
  let issued = 0
  await tenantContext.run(tenant, () =>
    Promise.all(
      Array.from({ length: ISSUERS }, async () => {
        while (issued < TOTAL) {
          issued++
          await issueNewDocument(tenant, input)
        }
      })
    )
  )
  const issuedAt = performance.now()
  console.log(`issued ${TOTAL} in ${((issuedAt - started) / 1000).toFixed(1)} s`)

  const deadline = Date.now() + 10 * 60_000
  let authorized = 0
  while (Date.now() < deadline) {
    const row = await db
      .from('documents')
      .where('tenant_id', tenant.id)
      .where('status', 'AUTHORIZED')
      .count('* as n')
      .first()
    authorized = Number(row?.n ?? 0)
    if (authorized >= TOTAL) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const finished = performance.now()
  await worker.close()

  const counts = await db
    .from('documents')
    .where('tenant_id', tenant.id)
    .select('status')
    .count('* as n')
    .groupBy('status')
  const events = await db
    .from('document_events')
    .where('tenant_id', tenant.id)
    .where('kind', 'authorized')
    .select('document_id')
    .count('* as n')
    .groupBy('document_id')
    .havingRaw('count(*) > 1')
  const sequentials = await db
    .from('documents')
    .where('tenant_id', tenant.id)
    .select(db.raw('count(distinct sequential) as d, min(sequential) as lo, max(sequential) as hi'))
    .first()
  const mine = simulator.state
  const resent = mine.filter((entry) => entry.submissions > 1).length
  const simulatorAuthorized = mine.filter((entry) => entry.status === 'AUTORIZADO').length
  const totalSeconds = (finished - started) / 1000

  console.log(
    JSON.stringify(
      {
        documents: TOTAL,
        issuers: ISSUERS,
        workerConcurrency: CONCURRENCY,
        issueSeconds: Number(((issuedAt - started) / 1000).toFixed(1)),
        totalSeconds: Number(totalSeconds.toFixed(1)),
        documentsPerSecond: Number((authorized / totalSeconds).toFixed(0)),
        statuses: Object.fromEntries(counts.map((row) => [row.status, Number(row.n)])),
        authorizedTwice: events.length,
        lost: TOTAL - authorized,
        numbers: {
          distinct: Number(sequentials.d),
          first: Number(sequentials.lo),
          last: Number(sequentials.hi),
        },
        simulator: { received: mine.length, authorized: simulatorAuthorized, resent },
      },
      null,
      2
    )
  )
  if (authorized !== TOTAL || events.length > 0) exitCode = 1
} finally {
  await Tenant.query().where('id', tenant.id).delete()
  await queue.getOrSet('default').obliterate({ force: true })
  tax.restore('EC')
  await simulator.close()
  await app.terminate()
  process.exit(exitCode)
}
