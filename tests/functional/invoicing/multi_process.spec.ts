/*
 * Facturo as it runs on more than one machine: two web servers
 * (`bin/server.ts`) and two workers (`node ace queue:listen`), each started
 * from the TypeScript sources as its own process group, against this run's
 * one PostgreSQL and Redis and the SRI simulator running here. Invoices are
 * issued at once through both servers, half with an access token on the
 * REST API and half through the invoice form's endpoint with a session
 * cookie and CSRF token (signed in on one server, used on both: sessions
 * live in Redis). Nothing here runs in the test process but the clients:
 * numbering, idempotency and the pipeline's compare-and-set are what keep
 * the numbers gapless and each document submitted once.
 *
 * The rows are committed (the other processes must see them). The
 * company's documents are deleted at the end; the company itself is left in
 * place, because its audit entries keep it (the audit log is append-only)
 * and the test database is dropped after the run. Every process group is
 * killed in the group's cleanup.
 *
 * It takes about 45 s on two cores, most of it the four processes starting
 * from the sources.
 */
import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import queue from '@rlanz/bull-queue/services/main'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import { waitUntil } from '#adapters/core/testing/wait_until'
import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import TaxSubmission from '#tax/models/tax_submission'
import { TEST_PASSWORD } from '#tests/helpers/accounts'
import { createApiCompany, type ApiCompany } from '#tests/helpers/api'
import { p12For, uploadCertificateAs } from '#tests/helpers/certificates'
import { invoiceInput } from '#tests/helpers/invoicing'
// The benchmarks' sign-in: the login form's cookie and XSRF dance, as a browser does it.
import { signIn } from '../../../bench/support.js'

/** Invoices issued in all, on the company's one emission point. */
const INVOICES = 40
/** The web servers' ports (outside the test server's). */
const WEB_PORTS = [3946, 3947]

interface Started {
  label: string
  child: ChildProcess
  /** queue:listen ends on SIGINT and ignores SIGTERM; the web server ends on SIGTERM. */
  signal: NodeJS.Signals
}

/** Starts `node <args>` as the leader of a new process group, with this run's settings. */
function startGroup(
  label: string,
  args: string[],
  env: Record<string, string>,
  signal: NodeJS.Signals
): Started {
  const child = spawn(process.execPath, args, {
    cwd: fileURLToPath(app.appRoot),
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)))
  child.once('exit', (code, killedBy) => {
    if (code && code !== 0) console.error(`${label} ended with ${code ?? killedBy}:\n${stderr}`)
  })
  return { label, child, signal }
}

function hasEnded(child: ChildProcess) {
  return child.exitCode !== null || child.signalCode !== null
}

/** Ends the whole process group: its signal first, then SIGKILL after 5 s. */
async function stopGroup({ child, signal }: Started) {
  if (hasEnded(child)) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    process.kill(-child.pid!, signal)
  } catch {}
  await Promise.race([exited, sleep(5000)])
  try {
    // Whatever the group's leader left behind goes too.
    process.kill(-child.pid!, 'SIGKILL')
  } catch {}
}

async function waitForHealth(base: string, started: Started) {
  await waitUntil(
    `${started.label} to answer /health`,
    async () => {
      if (hasEnded(started.child)) throw new Error(`${started.label} ended before it was ready`)
      try {
        const response = await fetch(`${base}/health`)
        return response.status < 500
      } catch {
        return false
      }
    },
    { timeoutMs: 90_000, intervalMs: 250 }
  )
}

test.group('Two web servers and two workers as separate processes', (group) => {
  let simulator: SriSimulator
  const started: Started[] = []
  let company: ApiCompany | undefined

  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    await queue.getOrSet('default').obliterate({ force: true })
    return async () => {
      try {
        await Promise.all(started.map((each) => stopGroup(each)))
        await queue.getOrSet('default').obliterate({ force: true })
        if (company) {
          const { tenant } = company
          await tenantContext.run(tenant, async () => {
            await db.from('documents').where('tenant_id', tenant.id).delete()
          })
        }
      } finally {
        await simulator.close()
      }
    }
  })

  test('issued at once through both servers (API and form): gapless, none lost, each submitted once', async ({
    assert,
  }) => {
    company = await createApiCompany()
    // The servers sign with the company's own certificate from the vault, as in production.
    const p12 = p12For(company.tenant)
    await uploadCertificateAs(company.tenant, { bytes: p12.p12, password: p12.password })

    const pipeline = {
      SRI_ENDPOINTS: 'simulator',
      SRI_SIMULATOR_URL: simulator.url,
      SRI_TIMEOUT_MS: '5000',
    }
    const bases = WEB_PORTS.map((port) => `http://127.0.0.1:${port}`)
    const servers = WEB_PORTS.map((port, index) =>
      startGroup(
        `web server ${index + 1}`,
        [
          '--import=ts-node-maintained/register/esm',
          '--disable-warning=ExperimentalWarning',
          'bin/server.ts',
        ],
        { ...pipeline, PORT: String(port), HOST: '127.0.0.1', WEB_CONCURRENCY: '1' },
        'SIGTERM'
      )
    )
    const workers = [1, 2].map((index) =>
      startGroup(
        `worker ${index}`,
        ['ace.js', 'queue:listen', '--queue=default'],
        { ...pipeline, QUEUE_CONCURRENCY: '4' },
        'SIGINT'
      )
    )
    started.push(...servers, ...workers)
    await Promise.all(servers.map((server, index) => waitForHealth(bases[index], server)))

    // One session, signed in on the first server, serves the form on both.
    const session = await signIn(bases[0], company.user.email, TEST_PASSWORD)
    const formHeaders = session.headers()
    const apiHeaders = {
      'content-type': 'application/json',
      'accept': 'application/json',
      'authorization': `Bearer ${company.token}`,
    }
    const body = JSON.stringify(invoiceInput(company))
    const answers = await Promise.all(
      Array.from({ length: INVOICES }, async (_, index) => {
        const base = bases[index % 2]
        const viaApi = Math.floor(index / 2) % 2 === 0
        const response = viaApi
          ? await fetch(`${base}/api/v1/documents`, {
              method: 'POST',
              headers: { ...apiHeaders, 'idempotency-key': `multi-process-${index}` },
              body,
            })
          : await fetch(`${base}/app/documents`, { method: 'POST', headers: formHeaders, body })
        const payload: any = await response.json().catch(() => null)
        return {
          path: `${viaApi ? 'API' : 'form'} on ${base}`,
          status: response.status,
          id: viaApi ? payload?.data?.id : payload?.id,
        }
      })
    )
    for (const answer of answers) assert.equal(answer.status, 201, answer.path)
    const answeredIds = answers.map((answer) => Number(answer.id))

    const rowsOf = () =>
      tenantContext.run(
        company!.tenant,
        async () =>
          await Document.query().select('id', 'status', 'sequential', 'number', 'access_key')
      )
    await waitUntil(
      'every document to be authorized',
      async () => {
        const rows = await rowsOf()
        return rows.length >= INVOICES && rows.every((row) => row.status === 'AUTHORIZED')
      },
      { timeoutMs: 90_000, intervalMs: 500 }
    )

    const rows = await rowsOf()
    // None lost, none extra: exactly the documents that answered 201, all AUTHORIZED.
    assert.sameMembers(
      rows.map((row) => row.id),
      answeredIds
    )
    // Gapless and never the same number twice, whichever server issued it.
    assert.deepEqual(
      rows.map((row) => row.sequential!).sort((a, b) => a - b),
      Array.from({ length: INVOICES }, (_, index) => index + 1)
    )
    assert.equal(new Set(rows.map((row) => row.number)).size, INVOICES)
    assert.equal(new Set(rows.map((row) => row.accessKey)).size, INVOICES)

    // Each document reached the authority once, whichever worker took it.
    const keys = new Set(rows.map((row) => row.accessKey))
    const seen = simulator.state.filter((entry) => keys.has(entry.accessKey))
    assert.lengthOf(seen, INVOICES)
    for (const entry of seen) {
      assert.equal(entry.status, 'AUTORIZADO')
      assert.equal(entry.submissions, 1, entry.accessKey)
    }
    const submissions = await tenantContext.run(
      company.tenant,
      async () => await TaxSubmission.query().whereIn('document_id', answeredIds)
    )
    assert.lengthOf(submissions, INVOICES)
  }).timeout(240_000)
})
