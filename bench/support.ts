/*
 * Shared pieces of the pipeline benchmarks: a bench company with a real
 * certificate in the vault (so separate server and worker processes sign
 * exactly as in production), child processes of the production build, and
 * a signed-in HTTP session.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DateTime } from 'luxon'

/**
 * The application root the benchmark runs from: build/ when it runs
 * compiled (`node build/bench/pipeline.js`), the project when it runs from
 * source through ts-node. Child processes run the same code: queued jobs
 * are named after the dispatching file's path, so the issuing process and
 * the workers must come from the same tree.
 */
export const ROOT = fileURLToPath(new URL('../', import.meta.url))
const COMPILED = import.meta.url.endsWith('.js')

export function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2)
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? Number(args[index + 1]) : fallback
}

export function hasFlag(name: string) {
  return process.argv.slice(2).includes(`--${name}`)
}

/** How to start one of the application's entry points in a child process. */
export function entryPoint(script: 'bin/server' | 'ace') {
  // --profile: each child writes a V8 CPU profile into tmp/profiles when it ends.
  const profile = hasFlag('profile')
    ? ['--cpu-prof', `--cpu-prof-dir=${process.cwd()}/tmp/profiles`]
    : []
  if (COMPILED) return { cwd: ROOT, args: [...profile, `${ROOT}${script}.js`] }
  // From the sources, ace's entry point is still ace.js: it registers the TypeScript loader itself.
  if (script === 'ace') return { cwd: ROOT, args: [...profile, `${ROOT}ace.js`] }
  return {
    cwd: ROOT,
    args: [
      ...profile,
      '--import=ts-node-maintained/register/esm',
      '--disable-warning=ExperimentalWarning',
      `${ROOT}${script}.ts`,
    ],
  }
}

export interface Child {
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts `node <entry> ...args` with `env` and waits until `readyUrl` answers. */
export async function startChild(
  label: string,
  entry: { cwd: string; args: string[] },
  args: string[],
  env: Record<string, string>,
  readyUrl?: string
): Promise<Child> {
  const child = spawn(process.execPath, [...entry.args, ...args], {
    cwd: entry.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  let exited = false
  child.on('exit', () => (exited = true))
  const stop = async () => {
    if (exited) return
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await gone
    clearTimeout(timer)
  }
  if (readyUrl) {
    const deadline = Date.now() + 60_000
    for (;;) {
      if (exited) throw new Error(`${label} ended before it was ready`)
      try {
        const response = await fetch(readyUrl)
        if (response.status < 500) break
      } catch {}
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`${label} did not answer ${readyUrl} within 60 s`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return { process: child, stop }
}

/**
 * A private plan without limits for the bench company: a run issues more
 * documents than any plan for sale allows in a month, and the limit check
 * itself (the metering statement) still runs on every issue.
 */
async function benchPlan() {
  const { default: Plan } = await import('#billing/models/plan')
  await Plan.updateOrCreate(
    { code: 'bench' },
    {
      name: { es: 'Bench', en: 'Bench' },
      description: { es: 'Plan de medición, sin límites.', en: 'Benchmark plan, no limits.' },
      priceMonthly: '0.00',
      currency: 'USD',
      documentsPerMonth: null,
      establishments: null,
      users: null,
      apiAccess: true,
      supportLevel: 'email',
      features: [],
      isTrial: false,
      isPublic: false,
      isActive: true,
      sortOrder: 999,
    }
  )
  return 'bench'
}

/**
 * The bench company (one per database, found again on later runs: the tax
 * id is unique per country and audit rows are never deleted): owner with a
 * password, one establishment with `points` emission points, one customer,
 * and a freshly generated sample certificate uploaded through the
 * certificates module (sealed in the vault). Earlier runs' documents and
 * numbering are cleared first, so every run numbers from 1.
 */
export async function createBenchCompany(points = 1) {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: Tenant } = await import('#tenancy/models/tenant')
  const { default: User } = await import('#accounts/models/user')
  const { default: Membership } = await import('#accounts/models/membership')
  const { default: Establishment } = await import('#catalog/models/establishment')
  const { default: EmissionPoint } = await import('#catalog/models/emission_point')
  const { default: Customer } = await import('#catalog/models/customer')
  const { default: UploadCertificate } = await import('#certificates/actions/upload_certificate')
  const { tenantContext } = await import('#tenancy/tenant_context')
  const { sampleCredential, SAMPLE_RUC } = await import('#adapters/ecuador_sri/testing/fixtures')

  const password = 'bench-clave-segura-2024'
  const tenant = await Tenant.updateOrCreate(
    { country: 'EC', taxId: SAMPLE_RUC },
    {
      taxIdDv: null,
      legalName: 'BENCH FACTURO',
      tradeName: 'Bench',
      address: 'Quito',
      slug: 'bench-facturo',
      status: 'ACTIVE',
      authorityEnvironment: 'test',
      planCode: await benchPlan(),
      currency: 'USD',
      locale: 'es',
    }
  )
  await tenantContext.run(tenant, async () => {
    await db.from('documents').where('tenant_id', tenant.id).delete()
    await db.from('numbering_sequences').where('tenant_id', tenant.id).delete()
    await db.from('usage_periods').where('tenant_id', tenant.id).delete()
  })
  const user = await User.updateOrCreate(
    { email: 'bench-owner@example.com' },
    {
      fullName: 'Bench',
      password,
      isSuperAdmin: false,
      locale: 'es',
      emailVerifiedAt: DateTime.now(),
    }
  )
  const fixtures = await tenantContext.run(tenant, async () => {
    await Membership.updateOrCreate(
      { userId: user.id },
      { role: 'OWNER', isActive: true, isDefault: true }
    )
    const establishment = await Establishment.updateOrCreate(
      { code: '001' },
      { name: 'Matriz', address: 'Quito', isActive: true }
    )
    const emissionPoints = []
    for (let index = 1; index <= points; index++) {
      emissionPoints.push(
        await EmissionPoint.updateOrCreate(
          { establishmentId: establishment.id, code: String(index).padStart(3, '0') },
          { description: null, isActive: true }
        )
      )
    }
    const customer = await Customer.updateOrCreate(
      { identificationType: '05', identification: '0926687856' },
      { legalName: 'Cliente Bench', emails: [], isActive: true }
    )
    const { p12 } = sampleCredential()
    await new UploadCertificate().handle({ tenantId: tenant.id, userId: user.id }, tenant, {
      bytes: p12.p12,
      password: p12.password,
      fileName: 'bench.p12',
      userId: user.id,
    })
    return { establishment, emissionPoints, customer }
  })

  return {
    tenant,
    user,
    password,
    ...fixtures,
    /** One invoice with two lines, as the invoice form posts it. */
    invoice(pointIndex = 0) {
      return {
        customerId: fixtures.customer.id,
        establishmentId: fixtures.establishment.id,
        emissionPointId: fixtures.emissionPoints[pointIndex % points].id,
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
    },
    /** Deletes the run's documents (the company stays for the next run). */
    async remove() {
      await tenantContext.run(tenant, () =>
        db.from('documents').where('tenant_id', tenant.id).delete()
      )
    },
  }
}

/** A browser-like session: cookies from the login page, CSRF header from XSRF-TOKEN. */
export async function signIn(base: string, email: string, password: string) {
  const jar = new Map<string, string>()
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair.split('=')
      jar.set(name.trim(), value.join('='))
    }
  }
  const headers = () => ({
    'content-type': 'application/json',
    'accept': 'application/json',
    'cookie': [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    'x-xsrf-token': decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''),
  })
  remember(await fetch(`${base}/login`, { redirect: 'manual' }))
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: headers(),
    body: JSON.stringify({ email, password }),
  })
  if (login.status >= 400) throw new Error(`login answered ${login.status}`)
  remember(login)
  return { headers, remember }
}

interface ProcessRow {
  pid: number
  ppid: number
  name: string
  cpu: number
}

/** Every process with its parent, command name and CPU seconds so far (Linux /proc). */
function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      rows.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        name,
        cpu: (Number(fields[11]) + Number(fields[12])) / 100,
      })
    } catch {}
  }
  return rows
}

/** CPU seconds of a process and all its descendants (a clustered server's workers). */
function treeCpu(rows: ProcessRow[], pid: number): number {
  const children = rows.filter((row) => row.ppid === pid)
  const own = rows.find((row) => row.pid === pid)?.cpu ?? 0
  return own + children.reduce((sum, row) => sum + treeCpu(rows, row.pid), 0)
}

/**
 * Where the CPU went during a run: this process, each child (with its own
 * children), PostgreSQL and Redis (all of their processes), in CPU
 * seconds. Call `start()` before the measured part and `stop()` after,
 * while the children still run.
 */
export function cpuAccount(children: () => Array<{ label: string; child: Child }>) {
  let before: Record<string, number> = {}
  const sample = () => {
    const rows = processTable()
    const usage = process.cpuUsage()
    const byName = (name: string) =>
      rows.filter((row) => row.name === name).reduce((sum, row) => sum + row.cpu, 0)
    const values: Record<string, number> = {
      'this process': (usage.user + usage.system) / 1e6,
      'postgresql': byName('postgres'),
      'redis': byName('redis-server'),
    }
    for (const { label, child } of children()) {
      values[label] = child.process.pid ? treeCpu(rows, child.process.pid) : 0
    }
    return values
  }
  return {
    start() {
      before = sample()
    },
    stop() {
      const after = sample()
      return Object.fromEntries(
        Object.entries(after).map(([label, value]) => [
          label,
          Number((value - (before[label] ?? 0)).toFixed(1)),
        ])
      )
    },
  }
}

/** The tokens the Panama bench company holds; the HKA simulator is told to give them enough folios. */
export const BENCH_PAC_TOKENS = {
  tokenEmpresa: 'bench-token-empresa',
  tokenPassword: 'bench-token-password',
}

/**
 * The Panama bench company: RUC 155596713-2-2015 DV 59 (HKA's demo
 * taxpayer, whose DV the simulator checks), PAC tokens of the test
 * environment, casa matriz 0000 with `points` puntos de facturación, a
 * contribuyente customer, and invoices with one exempt line and one at
 * ITBMS 7 %.
 */
export async function createBenchPanamaCompany(points = 1) {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: Tenant } = await import('#tenancy/models/tenant')
  const { default: Establishment } = await import('#catalog/models/establishment')
  const { default: EmissionPoint } = await import('#catalog/models/emission_point')
  const { default: Customer } = await import('#catalog/models/customer')
  const { default: SavePacCredentials } = await import('#certificates/actions/save_pac_credentials')
  const { tenantContext } = await import('#tenancy/tenant_context')

  const tenant = await Tenant.updateOrCreate(
    { country: 'PA', taxId: '155596713-2-2015' },
    {
      taxIdDv: '59',
      legalName: 'BENCH FACTURO PANAMA, S.A.',
      tradeName: 'Bench PA',
      address: 'Ciudad de Panamá',
      slug: 'bench-facturo-pa',
      status: 'ACTIVE',
      authorityEnvironment: 'test',
      planCode: await benchPlan(),
      currency: 'USD',
      locale: 'es',
    }
  )
  const fixtures = await tenantContext.run(tenant, async () => {
    await db.from('documents').where('tenant_id', tenant.id).delete()
    await db.from('numbering_sequences').where('tenant_id', tenant.id).delete()
    await db.from('usage_periods').where('tenant_id', tenant.id).delete()
    const establishment = await Establishment.updateOrCreate(
      { code: '0000' },
      { name: 'Casa matriz', address: 'Ciudad de Panamá', isActive: true }
    )
    const emissionPoints = []
    for (let index = 1; index <= points; index++) {
      emissionPoints.push(
        await EmissionPoint.updateOrCreate(
          { establishmentId: establishment.id, code: String(index).padStart(3, '0') },
          { description: null, isActive: true }
        )
      )
    }
    const customer = await Customer.updateOrCreate(
      { identificationType: '01', identification: '8-123-456' },
      {
        checkDigits: '91',
        taxpayerType: '1',
        legalName: 'Cliente Bench',
        address: 'Calle 5, Chitré, Herrera',
        emails: [],
        isActive: true,
      }
    )
    await new SavePacCredentials().handle({ tenantId: tenant.id }, tenant, 'test', BENCH_PAC_TOKENS)
    return { establishment, emissionPoints, customer }
  })

  return {
    tenant,
    ...fixtures,
    /** 2 × 10.00 exempt + 1 × 5.00 at 7 % (0.35) = 25.35. */
    invoice(pointIndex = 0) {
      return {
        customerId: fixtures.customer.id,
        establishmentId: fixtures.establishment.id,
        emissionPointId: fixtures.emissionPoints[pointIndex % points].id,
        lines: [
          {
            code: 'A1',
            description: 'Artículo',
            quantity: '2',
            unitPrice: '10.00',
            discount: '0',
            taxCategory: 'itbms_exento',
          },
          {
            code: 'S1',
            description: 'Servicio',
            quantity: '1',
            unitPrice: '5.00',
            discount: '0',
            taxCategory: 'itbms_7',
          },
        ],
        payments: [{ method: '02', amount: '25.35' }],
      }
    },
    async remove() {
      await tenantContext.run(tenant, () =>
        db.from('documents').where('tenant_id', tenant.id).delete()
      )
    },
  }
}
