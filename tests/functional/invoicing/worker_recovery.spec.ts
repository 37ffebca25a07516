/*
 * The real worker (`node ace queue:listen`, a child process with this run's
 * database and Redis prefix) against the SRI simulator running here. These
 * tests commit their rows (the worker must see them) and delete the
 * companies at the end.
 */
import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import queue from '@rlanz/bull-queue/services/main'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import {
  createEcCompany,
  invoiceInput,
  useTestCertificate,
  type EcCompany,
} from '#tests/helpers/invoicing'
import { waitUntil } from '#adapters/core/testing/wait_until'

function startWorker(simulator: SriSimulator): ChildProcess {
  const child = spawn(process.execPath, ['ace.js', 'queue:listen', '--queue=default'], {
    cwd: fileURLToPath(app.appRoot),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      SRI_ENDPOINTS: 'simulator',
      SRI_SIMULATOR_URL: simulator.url,
      SRI_TIMEOUT_MS: '3000',
      QUEUE_CONCURRENCY: '4',
      // A killed worker's jobs are taken again within a few seconds.
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr?.on('data', () => {})
  return child
}

async function stopWorker(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  // queue:listen ends on SIGINT (it ignores SIGTERM).
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGINT')
  // At most 5 s, then it is killed.
  await Promise.race([exited, sleep(5000)])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

function statusesOf(company: EcCompany) {
  // Awaited inside the context: a query builder runs its scope hooks when executed.
  return tenantContext.run(
    company.tenant,
    async () => await Document.query().select('id', 'status', 'sequential', 'access_key')
  )
}

async function removeCompany(company: EcCompany) {
  await Tenant.query().where('id', company.tenant.id).delete()
  await User.query().where('id', company.user.id).delete()
}

test.group('Worker process against the simulator', (group) => {
  let simulator: SriSimulator
  const companies: EcCompany[] = []
  const workers: ChildProcess[] = []

  group.setup(async () => {
    const restoreCertificate = useTestCertificate()
    simulator = await startSriSimulator({ port: 0 })
    await queue.getOrSet('default').obliterate({ force: true })
    return async () => {
      restoreCertificate()
      for (const worker of workers) await stopWorker(worker)
      await queue.getOrSet('default').obliterate({ force: true })
      for (const company of companies) await removeCompany(company)
      await simulator.close()
    }
  })

  test('the worker is killed mid-batch and restarted: every document AUTHORIZED exactly once', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    companies.push(company)
    // Each reception takes a while, so the kill lands in the middle of the batch.
    simulator.setFault({ mode: 'slow', service: 'reception', delayMs: 400 })
    const ids = await tenantContext.run(company.tenant, async () => {
      const created: number[] = []
      for (let index = 0; index < 20; index++) {
        const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
        created.push(document.id)
      }
      return created
    })

    const first = startWorker(simulator)
    workers.push(first)
    await waitUntil(
      'the first worker to authorize a few documents',
      async () => {
        const rows = await statusesOf(company)
        return rows.filter((row) => row.status === 'AUTHORIZED').length >= 3
      },
      { timeoutMs: 40_000, intervalMs: 250 }
    )
    first.kill('SIGKILL')
    await new Promise((resolve) => first.once('exit', resolve))
    const atKill = await statusesOf(company)
    const unfinished = atKill.filter((row) => row.status !== 'AUTHORIZED')
    assert.isAbove(unfinished.length, 0, 'documents were still in flight when the worker died')

    simulator.clearFaults()
    const second = startWorker(simulator)
    workers.push(second)
    await waitUntil(
      'the restarted worker to finish the batch',
      async () => {
        const rows = await statusesOf(company)
        return rows.every((row) => row.status === 'AUTHORIZED')
      },
      { timeoutMs: 45_000, intervalMs: 250 }
    )

    const rows = await statusesOf(company)
    assert.lengthOf(rows, ids.length)
    const authorizedEvents = await tenantContext.run(
      company.tenant,
      async () =>
        await DocumentEvent.query().where('kind', 'authorized').whereIn('document_id', ids)
    )
    // One authorization per document, none twice.
    assert.lengthOf(authorizedEvents, ids.length)
    assert.equal(new Set(authorizedEvents.map((event) => event.documentId)).size, ids.length)
    // The simulator saw each clave once: nothing was resent blindly.
    const keys = new Set(rows.map((row) => row.accessKey))
    const seen = simulator.state.filter((entry) => keys.has(entry.accessKey))
    assert.lengthOf(seen, ids.length)
    for (const entry of seen) {
      assert.equal(entry.status, 'AUTORIZADO')
      assert.equal(entry.submissions, 1, entry.accessKey)
    }
  }).timeout(120_000)

  test('100 simultaneous issues on one point: 100 consecutive numbers, all authorized', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    companies.push(company)
    const results = await tenantContext.run(company.tenant, () =>
      Promise.all(
        Array.from({ length: 100 }, () => issueNewDocument(company.tenant, invoiceInput(company)))
      )
    )
    const sequentials = results.map(({ document }) => document.sequential!).sort((a, b) => a - b)
    assert.deepEqual(
      sequentials,
      Array.from({ length: 100 }, (_, index) => index + 1)
    )
    assert.equal(new Set(results.map(({ document }) => document.accessKey)).size, 100)

    const worker = startWorker(simulator)
    workers.push(worker)
    await waitUntil(
      'every document to be authorized',
      async () => {
        const rows = await statusesOf(company)
        return rows.every((row) => row.status === 'AUTHORIZED')
      },
      { timeoutMs: 90_000, intervalMs: 250 }
    )
    const authorizedEvents = await tenantContext.run(
      company.tenant,
      async () => await DocumentEvent.query().where('kind', 'authorized')
    )
    assert.lengthOf(authorizedEvents, 100)
  }).timeout(150_000)
})
