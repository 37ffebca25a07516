import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { createPublicKey, createSign, createVerify } from 'node:crypto'
import { promisify } from 'node:util'
import env from '#start/env'
import { signingCredentials } from '#certificates/signing_credentials'
import { loadPacTokens } from '#certificates/pac/pac_tokens'
import { createCompany } from '#tests/helpers/accounts'
import { createEcuadorCompany, p12For } from '#tests/helpers/certificates'
import { captureApplicationLog } from '#tests/helpers/log'

const PAGE = '/app/settings/certificates'

async function databaseDump() {
  const { stdout } = await promisify(execFile)(
    'pg_dump',
    [
      '--host',
      env.get('DB_HOST'),
      '--port',
      String(env.get('DB_PORT')),
      '--username',
      env.get('DB_USER'),
      '--no-owner',
      // Every company's rows: row-level security applies to the dump, and
      // the platform bypass (docs/operations.md) lets it read them all.
      '--enable-row-security',
      env.get('DB_DATABASE'),
    ],
    {
      env: {
        ...process.env,
        PGPASSWORD: env.get('DB_PASSWORD') ?? '',
        PGOPTIONS: '-c app.bypass_rls=on',
      },
      maxBuffer: 512 * 1024 * 1024,
    }
  )
  return stdout
}

/** Distinctive pieces of a secret in the forms a leak would take. */
function fingerprintsOf(bytes: Buffer) {
  const slice = bytes.subarray(Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 24)
  return [
    slice.toString('hex'),
    slice.toString('base64'),
    bytes.subarray(40, 64).toString('base64'),
  ]
}

test.group('Secrets never reach the database or the log in clear', () => {
  // No global transaction: pg_dump must see committed rows.
  test('after uploads, signing and PAC tokens, a dump and the log hold none of them', async ({
    client,
    assert,
    cleanup,
  }) => {
    const log = captureApplicationLog()
    cleanup(() => log.restore())
    const run = `${Date.now()}`.slice(-6)

    // Ecuador: a first certificate, a failed attempt, a replacement.
    const ecuador = await createEcuadorCompany('OWNER')
    const first = p12For(ecuador.tenant, {
      password: `Primera-Clave-${run}`,
      signer: { keySlot: `scan-1-${run}` },
    })
    const second = p12For(ecuador.tenant, {
      password: `Segunda-Clave-${run}`,
      algorithm: '40bitRC2',
      signer: { keySlot: `scan-2-${run}` },
    })
    const triedPassword = `Clave-Equivocada-${run}`
    const send = (bytes: Buffer, password: string) =>
      client
        .post(PAGE)
        .loginAs(ecuador.user)
        .withCsrfToken()
        .redirects(0)
        .header('referer', PAGE)
        .field('password', password)
        .file('certificate', bytes, { filename: 'firma.p12' })
    for (const [bytes, password, outcome] of [
      [first.p12, first.password, 'success'],
      [second.p12, triedPassword, 'errorsBag'],
      [second.p12, second.password, 'success'],
    ] as const) {
      const response = await send(bytes, password)
      assert.properties(response.flashMessages(), [outcome])
    }

    // Sign with the stored credential.
    const credentials = await signingCredentials()
    const credential = await credentials.for(ecuador.tenant.id)
    const data = Buffer.from(`<comprobante>${run}</comprobante>`)
    const signature = createSign('RSA-SHA256').update(data).sign(credential.privateKey)
    assert.isTrue(
      createVerify('RSA-SHA256')
        .update(data)
        .verify(createPublicKey(credential.certificate.pem), signature)
    )
    assert.equal(credential.certificate.serial.hex, second.signer.cert.serialNumber)

    // Panama: tokens for both environments.
    const panama = await createCompany('OWNER', { country: 'PA' })
    const tokens = {
      test: { tokenEmpresa: `empresa-pruebas-${run}`, tokenPassword: `pass-pruebas-${run}` },
      production: { tokenEmpresa: `empresa-prod-${run}`, tokenPassword: `pass-prod-${run}` },
    }
    for (const environment of ['test', 'production'] as const) {
      const saved = await client
        .put(`${PAGE}/pac/${environment}`)
        .loginAs(panama.user)
        .withCsrfToken()
        .redirects(0)
        .form(tokens[environment])
      assert.properties(saved.flashMessages(), ['success'])
      assert.deepEqual(await loadPacTokens(panama.tenant.id, environment), tokens[environment])
    }

    const secrets: Array<[string, string]> = [
      ['first password', first.password],
      ['second password', second.password],
      ['tried password', triedPassword],
      ...Object.values(tokens).flatMap((pair) => [
        ['token empresa', pair.tokenEmpresa] as [string, string],
        ['token password', pair.tokenPassword] as [string, string],
      ]),
      ...fingerprintsOf(first.p12).map((piece) => ['first P12', piece] as [string, string]),
      ...fingerprintsOf(second.p12).map((piece) => ['second P12', piece] as [string, string]),
      // The private keys themselves, as PEM and as the private exponent.
      ...[first, second].flatMap((p12) => [
        ['private key PEM', p12.signer.key.privateKeyPem.split('\n')[5]] as [string, string],
        ['private exponent', p12.signer.key.privateKey.d.toString(16).slice(40, 100)] as [
          string,
          string,
        ],
      ]),
    ]

    const dump = await databaseDump()
    // The dump is real: it holds this run's rows.
    assert.include(dump, ecuador.tenant.taxId)
    assert.include(dump, second.signer.cert.serialNumber)
    assert.include(dump, 'certificate.p12')
    const logText = log.text()
    assert.include(logText, 'signing certificate uploaded')
    assert.include(logText, 'signing certificate refused')

    const dumpLower = dump.toLowerCase()
    for (const [name, value] of secrets) {
      assert.isAbove(value.length, 15, name)
      const needle = /^[0-9a-f]+$/.test(value) ? value.toLowerCase() : value
      assert.notInclude(/^[0-9a-f]+$/.test(value) ? dumpLower : dump, needle, `${name} in the dump`)
      assert.notInclude(logText, value, `${name} in the log`)
    }
  })
})
