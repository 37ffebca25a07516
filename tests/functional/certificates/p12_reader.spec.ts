import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Certificate from '#certificates/models/certificate'
import { P12Reader, P12ReadTimeoutException, workerExecArgv } from '#certificates/p12/p12_reader'
import { TaxCertificateError } from '#adapters/core/errors'
import type { TestP12 } from '#adapters/core/testing/certificates'
import type Tenant from '#tenancy/models/tenant'
import type User from '#accounts/models/user'
import { createEcuadorCompany, p12For, uploadCertificate } from '#tests/helpers/certificates'

/*
 * P12 files are opened in worker threads, so the password derivation of a
 * slow file never stops the web server. "Not blocked" is checked by order,
 * not by the clock: a /health request made while a file is being read must
 * be answered before that read ends.
 */

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

    const certificate = await Certificate.query({ tenantScope: false })
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

  test('workers keep the TypeScript loader and drop the dev server hot-reload hook', ({
    assert,
  }) => {
    assert.deepEqual(
      workerExecArgv([
        '--import=ts-node-maintained/register/esm',
        '--enable-source-maps',
        '--import=hot-hook/register',
        '--import',
        'hot-hook/register',
      ]),
      ['--import=ts-node-maintained/register/esm', '--enable-source-maps']
    )
  })
})
