import { spawnSync } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Certificate from '#certificates/models/certificate'
import {
  P12Reader,
  P12ReadTimeoutException,
  P12WorkerException,
  workerExecArgv,
} from '#certificates/p12/p12_reader'
import { TaxCertificateError } from '#adapters/core/errors'
import type { TestP12 } from '#adapters/core/testing/certificates'
import type Tenant from '#tenancy/models/tenant'
import type User from '#accounts/models/user'
import { createEcuadorCompany, p12For, uploadCertificate } from '#tests/helpers/certificates'
import { INSPECT } from '#tests/helpers/tenancy'

/*
 * P12 files are opened in worker threads, so the password derivation of a
 * slow file never stops the web server. "Not blocked" is checked by order,
 * not by the clock: a /health request made while a file is being read must
 * be answered before that read ends.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Above the 100,000 of older Java exports, as the file that once froze the server: seconds of work. */
const HIGH_ALLOWED_ITERATIONS = 200_000

let company: { tenant: Tenant; user: User }
let slowFile: TestP12

/** Built once: making it costs the same derivation work as reading it. */
function slowP12(tenant: Tenant) {
  slowFile ??= p12For(tenant, { iterations: HIGH_ALLOWED_ITERATIONS })
  return slowFile
}

async function storedCertificates(tenant: Tenant): Promise<number> {
  const row = await db
    .from('certificates')
    .where('tenant_id', tenant.id)
    .count('* as total')
    .first()
  return Number(row?.total)
}

test.group('P12 reading off the event loop', (group) => {
  group.each.setup(async () => {
    const rollback = await testUtils.db().withGlobalTransaction()
    company = await createEcuadorCompany('OWNER')
    return rollback
  })

  test('a P12 claiming 10,000,000 iterations is refused while /health keeps answering', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = company
    // Claimed only: deriving with it would take minutes and then fail the MAC.
    const absurd = p12For(tenant, {
      claimedIterations: { mac: 10_000_000, certificates: 10_000_000, keys: 10_000_000 },
    })
    const [refused, ...health] = await Promise.all([
      uploadCertificate(client, user, absurd.p12, absurd.password),
      client.get('/health'),
      client.get('/health'),
      client.get('/health'),
    ])

    refused.assertStatus(302)
    assert.match(
      refused.flashMessages().errorsBag.certificate,
      /^El archivo pide 10\.000\.000 iteraciones/
    )
    for (const answer of health) answer.assertStatus(200)
    assert.equal(await storedCertificates(tenant), 0)
  })

  test('a file with a high but allowed count is read in a worker while /health answers', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = company
    const file = slowP12(tenant)

    let uploaded = false
    const uploading = uploadCertificate(client, user, file.p12, file.password).then(
      (response: any) => {
        uploaded = true
        return response
      }
    )
    // Ask for /health until the upload ends; each answer notes whether the upload was still going.
    const answeredDuringUpload: boolean[] = []
    while (!uploaded) {
      const health = await client.get('/health')
      health.assertStatus(200)
      answeredDuringUpload.push(!uploaded)
    }
    const response = await uploading
    response.assertStatus(302)
    assert.match(response.flashMessages().success, /^Certificado cargado/)
    assert.isTrue(answeredDuringUpload.some(Boolean), 'no /health answer while the file was read')

    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(certificate.serialHex, file.signer.cert.serialNumber)
  }).timeout(120_000)

  test('the server answers while the reader is still deriving keys', async ({ client, assert }) => {
    const file = slowP12(company.tenant)
    const reader = await app.container.make(P12Reader)

    let settled = false
    const reading = reader.read(file.p12, file.password).finally(() => {
      settled = true
    })
    const health = await client.get('/health')
    health.assertStatus(200)
    // A read on the event loop would have finished before the request could even be handled.
    assert.isFalse(settled, 'the P12 was read on the event loop')

    const parsed = await reading
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.equal(parsed.privateKey.type, 'private')
    assert.isNull(parsed.notAccreditedReason)
  }).timeout(120_000)

  test('refusals come back from the worker with their reason and data', async ({ assert }) => {
    const reader = await app.container.make(P12Reader)
    const expired = p12For(company.tenant, {
      signer: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') },
    })
    try {
      await reader.read(expired.p12, expired.password)
      assert.fail('expected E_TAX_CERTIFICATE')
    } catch (error) {
      assert.instanceOf(error, TaxCertificateError)
      assert.equal((error as TaxCertificateError).reason, 'expired')
      assert.equal((error as TaxCertificateError).data.date, '2022-01-01')
    }
    // `at: null` reads the same file without the date check.
    const undated = await reader.read(expired.p12, expired.password, { at: null })
    assert.equal(undated.notAfter.toISOString(), '2022-01-01T00:00:00.000Z')

    await assert.rejects(() => reader.read(Buffer.from('not a p12'), 'x'), /not a valid PKCS#12/)
  })

  test('a worker out of time is stopped; the upload says the file took too long', async ({
    client,
    assert,
  }) => {
    const file = slowP12(company.tenant)
    const impatient = new P12Reader({ timeoutMs: 50 })
    try {
      await assert.rejects(() => impatient.read(file.p12, file.password), P12ReadTimeoutException)

      app.container.swap(P12Reader, () => impatient)
      const response = await uploadCertificate(client, company.user, file.p12, file.password)
      response.assertStatus(302)
      assert.match(
        response.flashMessages().errorsBag.certificate,
        /^El archivo tardó demasiado en abrirse/
      )
      assert.equal(await storedCertificates(company.tenant), 0)
    } finally {
      app.container.restore(P12Reader)
      await impatient.close()
    }
  }).timeout(120_000)

  test('a worker that cannot start fails the read at once, and the next read starts afresh', async ({
    assert,
  }) => {
    const missing = new URL('./no_such_worker.js', import.meta.url)
    const broken = new P12Reader({ workerFile: missing })
    try {
      await assert.rejects(() => broken.read(Buffer.from('x'), ''), P12WorkerException)
      await assert.rejects(() => broken.read(Buffer.from('x'), ''), P12WorkerException)
    } finally {
      await broken.close()
    }
  })

  test('reads in a `node ace` process, whose TypeScript loader is registered at run time', async ({
    assert,
  }) => {
    // ace.js imports the loader instead of passing --import: the worker must get it anyway.
    const dir = join(REPO_ROOT, 'tmp')
    mkdirSync(dir, { recursive: true })
    const script = join(dir, `p12-reader-${process.pid}.mjs`)
    const p12File = join(dir, `p12-reader-${process.pid}.p12`)
    const file = p12For(company.tenant, { password: '' })
    writeFileSync(p12File, file.p12)
    writeFileSync(
      script,
      [
        "await import('ts-node-maintained/register/esm')",
        "const { readFileSync } = await import('node:fs')",
        "const { P12Reader } = await import('../app/certificates/p12/p12_reader.js')",
        'const reader = new P12Reader()',
        `const parsed = await reader.read(readFileSync(${JSON.stringify(p12File)}), '')`,
        'console.log(JSON.stringify({ serial: parsed.serial.hex }))',
        'await reader.close()',
      ].join('\n')
    )
    try {
      const result = spawnSync(process.execPath, [script], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 90_000,
      })
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`)
      assert.equal(JSON.parse(result.stdout.trim()).serial, file.signer.cert.serialNumber)
    } finally {
      rmSync(script, { force: true })
      rmSync(p12File, { force: true })
    }
  }).timeout(120_000)

  test('workers keep the TypeScript loader and drop the hot-reload hook and eval flags', ({
    assert,
  }) => {
    assert.deepEqual(
      workerExecArgv([
        '--import=ts-node-maintained/register/esm',
        '--enable-source-maps',
        '--import=hot-hook/register',
        '--import',
        'hot-hook/register',
        '--input-type=module',
        '-e',
        'console.log(1)',
      ]),
      ['--import=ts-node-maintained/register/esm', '--enable-source-maps']
    )
    // TypeScript sources with the loader registered at run time: the flag is added.
    assert.deepEqual(workerExecArgv([], true), ['--import=ts-node-maintained/register/esm'])
    // The build runs JavaScript: nothing is added.
    assert.deepEqual(workerExecArgv(['--enable-source-maps'], false), ['--enable-source-maps'])
  })

  test('a process started with V8 or process-wide flags still starts its workers', async ({
    assert,
  }) => {
    const processFlags = [
      '--expose-gc',
      '--max-old-space-size=512',
      '--stack-size',
      '2000',
      '--title=facturo',
      '--require',
      'node:util',
      '--no-warnings',
    ]
    const flags = workerExecArgv(processFlags, false)
    assert.deepEqual(flags, ['--require', 'node:util', '--no-warnings'])
    // Node itself is the judge: a worker with these flags starts and exits cleanly.
    const worker = new Worker('process.exit(0)', { eval: true, execArgv: flags })
    const code = await new Promise<number>((resolve, reject) => {
      worker.on('exit', resolve)
      worker.on('error', reject)
    })
    assert.equal(code, 0)
    // And the flags left out are the ones Node refuses in a worker.
    assert.throws(
      () => new Worker('process.exit(0)', { eval: true, execArgv: ['--expose-gc'] }),
      /invalid execArgv/
    )
  })
})
