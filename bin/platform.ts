/*
|--------------------------------------------------------------------------
| Platform launcher
|--------------------------------------------------------------------------
|
| `npm start`    local services + migrations + demo seed + web server + worker
| `npm test`     local services + test database + the Japa suites
| `npm run services`  only the local services (for `node ace serve --hmr`);
|                     `npm run services -- <db> …` also creates those databases
|
| The embedded default runs PostgreSQL and Redis from tmp/. When DB_* (or
| DATABASE_URL) or QUEUE_REDIS_* point elsewhere, those servers are used
| as they are and nothing is started.
|
*/
import { ROOT } from './platform/paths.js'
import { effectiveEnv, ensureEnvFile } from './platform/env_file.js'
import { LocalPostgres, checkDatabase, provisionDatabases } from './platform/postgres.js'
import { LocalRedis, pingRedis } from './platform/redis.js'
import { Supervisor } from './platform/supervisor.js'
import { runInherit, sleep, which } from './platform/exec.js'
import { aptInstall } from './platform/apt.js'
import { say } from './platform/log.js'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { SIMULATORS_FILE, extraProcesses, usesLocalStripe } from './platform/processes.js'
import { runTestProcess } from './platform/test_run.js'

/**
 * Ports of the embedded PostgreSQL and Redis. A second checkout on the same
 * machine sets EMBEDDED_DB_PORT / EMBEDDED_REDIS_PORT (and DB_PORT /
 * QUEUE_REDIS_PORT to the same values) so that its services do not collide.
 */
const LOCAL_PG_PORT = Number(process.env.EMBEDDED_DB_PORT || 54329)
const LOCAL_REDIS_PORT = Number(process.env.EMBEDDED_REDIS_PORT || 63790)
const NODE_TS = [
  '--import=ts-node-maintained/register/esm',
  '--enable-source-maps',
  '--disable-warning=ExperimentalWarning',
]

const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host)

async function startServices(env: Record<string, string>, databases: string[]) {
  const postgres = new LocalPostgres(LOCAL_PG_PORT)
  const redis = new LocalRedis(LOCAL_REDIS_PORT)

  if (isLoopback(env.DB_HOST) && Number(env.DB_PORT) === LOCAL_PG_PORT) {
    await postgres.start()
    // A .env written before the owner role existed gets the default one.
    env.DB_OWNER_USER ||= `${env.DB_USER}_owner`
    env.DB_OWNER_PASSWORD ||= env.DB_OWNER_USER
    await provisionDatabases(LOCAL_PG_PORT, {
      host: env.DB_HOST,
      port: LOCAL_PG_PORT,
      user: env.DB_USER,
      password: env.DB_PASSWORD ?? '',
      owner: { user: env.DB_OWNER_USER, password: env.DB_OWNER_PASSWORD },
      databases,
    })
    useLocalSocket(env, 'DB_SOCKET_DIR', postgres.socketDir, `.s.PGSQL.${LOCAL_PG_PORT}`)
  } else {
    say.step(`Using the PostgreSQL server at ${env.DB_HOST}:${env.DB_PORT}`)
    await checkDatabase({
      host: env.DB_HOST,
      port: Number(env.DB_PORT),
      user: env.DB_USER,
      password: env.DB_PASSWORD ?? '',
      database: env.DB_DATABASE,
    })
  }

  if (isLoopback(env.QUEUE_REDIS_HOST) && Number(env.QUEUE_REDIS_PORT) === LOCAL_REDIS_PORT) {
    await redis.start()
    useLocalSocket(env, 'QUEUE_REDIS_SOCKET', redis.socketPath)
  } else {
    say.step(`Using the Redis server at ${env.QUEUE_REDIS_HOST}:${env.QUEUE_REDIS_PORT}`)
    if (!(await pingRedis(env.QUEUE_REDIS_HOST, Number(env.QUEUE_REDIS_PORT)))) {
      throw new Error(`Redis at ${env.QUEUE_REDIS_HOST}:${env.QUEUE_REDIS_PORT} does not answer`)
    }
  }

  return {
    async stop() {
      await redis.stop()
      await postgres.stop()
    },
  }
}

/**
 * The embedded services also listen on Unix sockets (in the PostgreSQL
 * cluster's folder and in tmp/redis); the application's processes talk to
 * them there (about half the CPU per query of TCP loopback). Skipped when the
 * variable is already set, the socket is missing (a server started by
 * something else) or its path is too long for a socket address.
 */
function useLocalSocket(
  env: Record<string, string>,
  name: 'DB_SOCKET_DIR' | 'QUEUE_REDIS_SOCKET',
  path: string,
  file?: string
) {
  if (env[name] !== undefined) return
  const socket = file ? join(path, file) : path
  if (socket.length < 100 && existsSync(socket)) env[name] = path
}

function childEnv(env: Record<string, string>, nodeEnv: string): NodeJS.ProcessEnv {
  return { ...process.env, ...env, NODE_ENV: nodeEnv }
}

async function waitForHealth(port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      if (response.ok) return true
    } catch {}
    await sleep(500)
  }
  return false
}

/**
 * The address to print: 127.0.0.1 when the server listens on loopback (the
 * default) or on every interface, else the one address it listens on.
 */
function bannerHost(host: string | undefined) {
  if (!host || isLoopback(host) || host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host
}

async function printBanner(env: Record<string, string>) {
  const url = `http://${bannerHost(env.HOST)}:${env.PORT}`
  const exposed =
    env.HOST === '0.0.0.0' || env.HOST === '::'
      ? [
          `  Listening on every network interface (HOST=${env.HOST}); /dev/mail still answers only on this machine.`,
        ]
      : []
  const { DEMO_ACCOUNTS } = await import('../database/demo_accounts.js')
  const lines = [
    '',
    say.bold('Facturo is running'),
    `  Web app         ${url}`,
    `  Platform admin  ${url}/admin`,
    `  Sent mail       ${url}/dev/mail`,
    `  Health          ${url}/health`,
    ...extraProcesses(env).flatMap(
      (extra) => extra.describe?.() ?? [`  ${extra.label.padEnd(15)} ${extra.url ?? ''}`]
    ),
    ...exposed,
    '',
    usesLocalStripe(env)
      ? 'Billing uses the local Stripe stand-in (STRIPE_SECRET_KEY is unset; see docs/billing.md).'
      : 'Billing uses Stripe itself (STRIPE_SECRET_KEY is set).',
    '',
    say.bold('Demo logins'),
    ...DEMO_ACCOUNTS.map(
      (account: { email: string; password: string; description: string }) =>
        `  ${account.email.padEnd(28)} ${account.password.padEnd(16)} ${account.description}`
    ),
    '',
    'Press Ctrl-C to stop everything.',
    '',
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

async function start() {
  ensureEnvFile()
  const env = effectiveEnv(['.env'])
  const services = await startServices(env, [env.DB_DATABASE])
  const supervisor = new Supervisor()
  let shuttingDown = false

  const shutdown = async (code: number) => {
    if (shuttingDown) return
    shuttingDown = true
    say.step('Stopping Facturo…')
    await supervisor.stopAll()
    await services.stop()
    process.exit(code)
  }
  process.on('SIGINT', () => shutdown(0))
  process.on('SIGTERM', () => shutdown(0))

  const nodeEnv = env.NODE_ENV || 'development'
  say.step('Running database migrations…')
  if (
    (await runInherit('node', ['ace', 'migration:run', '--force', '--connection=owner'], {
      cwd: ROOT,
      env: childEnv(env, nodeEnv),
    })) !== 0
  ) {
    say.fail('Migrations failed')
    return shutdown(1)
  }
  say.step('Seeding demo data…')
  if (
    (await runInherit('node', ['ace', 'db:seed'], { cwd: ROOT, env: childEnv(env, nodeEnv) })) !== 0
  ) {
    say.fail('Seeding failed')
    return shutdown(1)
  }

  supervisor.onUnexpectedExit = (name, code) => {
    say.fail(`${name} exited unexpectedly (code ${code}); stopping everything`)
    shutdown(1)
  }
  supervisor.spawn(
    'web server',
    process.execPath,
    [...NODE_TS, 'bin/server.ts'],
    childEnv(env, nodeEnv)
  )
  supervisor.spawn(
    'queue worker',
    process.execPath,
    ['ace', 'queue:listen'],
    childEnv(env, nodeEnv)
  )
  // A list left by an earlier run would name simulators that are not up yet.
  rmSync(SIMULATORS_FILE, { force: true })
  for (const extra of extraProcesses(env)) {
    supervisor.spawn(extra.label, process.execPath, extra.args, childEnv(env, nodeEnv))
  }

  if (!(await waitForHealth(Number(env.PORT), 90_000))) {
    say.fail('The web server did not become healthy in 90 s (see the output above)')
    return shutdown(1)
  }
  await printBanner(env)
}

/** Programs some tests run (independent checks of our XML and PDFs), with their Debian packages. */
const TEST_TOOLS = [
  { program: 'xmllint', pkg: 'libxml2-utils' },
  { program: 'xmlsec1', pkg: 'xmlsec1' },
  { program: 'pdftotext', pkg: 'poppler-utils' },
]

async function ensureTestTools() {
  for (const { program, pkg } of TEST_TOOLS) {
    if (which(program)) continue
    if (await aptInstall(pkg, `tests run ${program}`)) continue
    say.warn(`${program} is missing (Debian package ${pkg}): the tests that use it will fail`)
  }
}

async function findChromium(): Promise<string | null> {
  const known =
    process.env.CHROMIUM_PATH ||
    which('chromium') ||
    which('chromium-browser') ||
    which('google-chrome')
  if (known) return known
  if (await aptInstall('chromium', 'browser tests need Chromium')) return which('chromium')
  return null
}

/**
 * How long `node ace test` may stay alive after Japa's summary line. The test
 * process itself exits 5 s after the summary when something holds it open
 * (bin/test.ts); this is the last resort for a process that cannot even do
 * that.
 */
const TEST_EXIT_GRACE_MS = 30_000

async function test(args: string[]) {
  const env = effectiveEnv(['.env', '.env.test'])
  const services = await startServices(env, [env.DB_DATABASE])
  await ensureTestTools()
  const chromium = await findChromium()
  if (!chromium) {
    say.fail(
      'Chromium is needed for the browser suite: install it (apt-get install chromium) or set CHROMIUM_PATH'
    )
  }
  const run = runTestProcess('node', ['ace', 'test', ...args], {
    cwd: ROOT,
    env: {
      ...childEnv(env, 'test'),
      ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
      FORCE_COLOR: '1',
    },
    graceMs: TEST_EXIT_GRACE_MS,
    onStdout: (chunk) => process.stdout.writable && process.stdout.write(chunk),
    onStderr: (chunk) => process.stderr.writable && process.stderr.write(chunk),
    onForcedExit: (graceMs) =>
      say.warn(
        `The test process was still running ${graceMs / 1000} s after its summary; killed it`
      ),
  })
  // The tests run in their own process group, so Ctrl-C reaches them through here.
  let interrupted = false
  const interrupt = () => {
    interrupted = true
    run.interrupt()
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)

  const result = await run.finished
  await services.stop()
  const { summary } = result
  // A run that crashed before Japa's summary, or exited non-zero with no
  // failed test counted, still counts as a failure.
  const failed = result.code !== 0 ? Math.max(summary.failed, 1) : summary.failed
  const skipped = summary.skipped ? `, ${summary.skipped} skipped` : ''
  process.stdout.write(`\n${summary.passed} passed, ${failed} failed${skipped}\n`)
  process.exit(interrupted ? 130 : result.code)
}

/**
 * `npm run services [-- <database> …]`: the local services, the app's and
 * the test database, and any other database named (a benchmark's), each
 * created with the owner and application roles and their grants as the
 * app's own is; migrate it with `DB_DATABASE=<name> node ace migration:run`.
 */
async function servicesOnly(extraDatabases: string[]) {
  ensureEnvFile()
  const env = effectiveEnv(['.env'])
  const testEnv = effectiveEnv(['.env', '.env.test'])
  const invalid = extraDatabases.find((name) => !/^[a-z_][a-z0-9_]{0,62}$/.test(name))
  if (invalid) {
    say.fail(`"${invalid}" is not a database name (lowercase letters, digits and _)`)
    process.exit(2)
  }
  const services = await startServices(env, [
    env.DB_DATABASE,
    testEnv.DB_DATABASE,
    ...extraDatabases,
  ])
  say.ok('Services are up. Run `node ace serve --hmr` in another terminal. Ctrl-C stops them.')
  const stop = async () => {
    await services.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  setInterval(() => {}, 1 << 30)
}

// A reader that goes away (`npm test | head`) must not kill the launcher
// before it has stopped what it started; its output is simply dropped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})

const [mode, ...rest] = process.argv.slice(2)
const modes: Record<string, () => Promise<void>> = {
  start,
  test: () => test(rest),
  services: () => servicesOnly(rest),
}
if (!modes[mode]) {
  say.fail(`Unknown mode "${mode}". Use start, test or services.`)
  process.exit(2)
}
modes[mode]().catch((error) => {
  say.fail(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
