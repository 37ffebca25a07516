/*
|--------------------------------------------------------------------------
| Issue endpoint benchmark
|--------------------------------------------------------------------------
|
|   DB_DATABASE=facturo_bench QUEUE_PREFIX=bench QUEUE_REDIS_DB=9 PORT=3399 \
|     node --import=ts-node-maintained/register/esm bench/issue_throughput.ts \
|     [--seconds 20] [--connections 16]
|
| Starts the real HTTP server in this process, signs in as the owner of a
| bench company (created for the run, deleted at the end) and fires
| `POST /app/documents` (JSON, one new invoice per request: validate,
| number, build, sign, persist, queue) with autocannon. No worker runs, so
| only the request path is measured. Reports requests/s and latency
| percentiles. The database must be migrated first.
|
*/
import 'reflect-metadata'
// autocannon ships no type declarations.
// @ts-expect-error untyped module
import autocannon from 'autocannon'
import { Ignitor } from '@adonisjs/core'
import { DateTime } from 'luxon'

const args = process.argv.slice(2)
function flag(name: string, fallback: number) {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? Number(args[index + 1]) : fallback
}
const SECONDS = flag('seconds', 20)
const CONNECTIONS = flag('connections', 16)
const APP_ROOT = new URL('../', import.meta.url)

const ignitor = new Ignitor(APP_ROOT, {
  importer: (filePath: string) =>
    filePath.startsWith('./') || filePath.startsWith('../')
      ? import(new URL(filePath, APP_ROOT).href)
      : import(filePath),
})
ignitor.tap((app) =>
  app.booting(async () => {
    await import('#start/env')
  })
)
await ignitor.httpServer().start()
const app = ignitor.getApp()!

const { default: env } = await import('#start/env')
const { default: queue } = await import('@rlanz/bull-queue/services/main')
const { sampleCredential } = await import('#adapters/ecuador_sri/testing/fixtures')
const { useSigningCredentialsLoader } = await import('#tax/credentials')
const { tenantContext } = await import('#tenancy/tenant_context')
const { default: Tenant } = await import('#tenancy/models/tenant')
const { default: User } = await import('#accounts/models/user')
const { default: Membership } = await import('#accounts/models/membership')
const { default: Establishment } = await import('#catalog/models/establishment')
const { default: EmissionPoint } = await import('#catalog/models/emission_point')
const { default: Customer } = await import('#catalog/models/customer')

const { credential } = sampleCredential()
useSigningCredentialsLoader(async () => credential)
const base = `http://${env.get('HOST')}:${env.get('PORT')}`
const stamp = `${Date.now()}`.slice(-8)
const password = 'bench-clave-segura-2024'

const tenant = await Tenant.create({
  country: 'EC',
  taxId: '1710034065001',
  taxIdDv: null,
  legalName: 'BENCH ISSUE',
  tradeName: 'Bench issue',
  address: 'Quito',
  slug: `bench-issue-${stamp}`,
  status: 'ACTIVE',
  authorityEnvironment: 'test',
  planCode: 'empresarial',
  currency: 'USD',
  locale: 'es',
})
const user = await User.create({
  fullName: 'Bench',
  email: `bench-${stamp}@example.com`,
  password,
  isSuperAdmin: false,
  locale: 'es',
  emailVerifiedAt: DateTime.now(),
})

let exitCode = 0
try {
  const body = await tenantContext.run(tenant, async () => {
    await Membership.create({ userId: user.id, role: 'OWNER', isActive: true, isDefault: true })
    const est = await Establishment.create({
      code: '001',
      name: 'Matriz',
      address: 'Quito',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: est.id,
      code: '001',
      description: null,
      isActive: true,
    })
    const customer = await Customer.create({
      identificationType: '05',
      identification: '0926687856',
      legalName: 'Cliente Bench',
      emails: [],
      isActive: true,
    })
    return JSON.stringify({
      customerId: customer.id,
      establishmentId: est.id,
      emissionPointId: point.id,
      lines: [
        {
          code: 'A1',
          description: 'Artículo',
          quantity: '2',
          unitPrice: '10.00',
          taxCategory: 'iva_15',
        },
        {
          code: 'S1',
          description: 'Servicio',
          quantity: '1',
          unitPrice: '5.00',
          taxCategory: 'iva_0',
        },
      ],
      payments: [{ method: '01', amount: '28.00' }],
    })
  })

  // Sign in like a browser: cookies from the login page, CSRF header from XSRF-TOKEN.
  const jar = new Map<string, string>()
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair.split('=')
      jar.set(name.trim(), value.join('='))
    }
  }
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const xsrf = () => decodeURIComponent(jar.get('XSRF-TOKEN') ?? '')
  remember(await fetch(`${base}/login`, { redirect: 'manual' }))
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      'cookie': cookieHeader(),
      'x-xsrf-token': xsrf(),
    },
    body: JSON.stringify({ email: user.email, password }),
  })
  remember(login)
  const probe = await fetch(`${base}/app/documents`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept': 'application/json',
      'cookie': cookieHeader(),
      'x-xsrf-token': xsrf(),
    },
    body,
  })
  if (probe.status !== 201)
    throw new Error(`probe request answered ${probe.status}: ${await probe.text()}`)

  const result = await autocannon({
    url: `${base}/app/documents`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: {
      'content-type': 'application/json',
      'accept': 'application/json',
      'cookie': cookieHeader(),
      'x-xsrf-token': xsrf(),
    },
    body,
  })
  console.log(
    JSON.stringify(
      {
        connections: CONNECTIONS,
        seconds: SECONDS,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        requestsPerSecond: result.requests.average,
        latencyMs: {
          p50: result.latency.p50,
          p90: result.latency.p90,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          max: result.latency.max,
        },
      },
      null,
      2
    )
  )
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  // Let the last in-flight requests finish before the company is removed.
  await new Promise((resolve) => setTimeout(resolve, 2000))
  await Tenant.query().where('id', tenant.id).delete()
  await queue.getOrSet('default').obliterate({ force: true })
  await app.terminate()
  process.exit(exitCode)
}
