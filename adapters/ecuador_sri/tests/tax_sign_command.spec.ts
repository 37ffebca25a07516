import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import TaxSignCommand from '#commands/tax_sign'
import { createTestP12 } from '#adapters/core/testing/certificates'
import { isValidAccessKey } from '#adapters/ecuador_sri/access_key'
import { SAMPLE_CEDULA, SAMPLE_RUC, tenLineInvoice } from '#adapters/ecuador_sri/testing/fixtures'
import {
  stripSignature,
  validateAgainstXsd,
  verifyWithXmlsec,
} from '#adapters/ecuador_sri/testing/xml_checks'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Runs `node ace …` in a child process the way a newcomer would in a fresh
 * clone: only PATH and HOME in the environment, and ENV_PATH pointing at an
 * empty folder so that no .env file of this checkout is read.
 */
function runAce(args: string[], emptyEnvDir: string) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['ace', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_PATH: emptyEnvDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** The sample document of docs/adapters/samples, signed by a self-signed test certificate. */
function selfSignedSetup(dir: string) {
  const p12 = createTestP12({ password: '', signer: { selfSigned: true, cedula: SAMPLE_CEDULA } })
  writeFileSync(join(dir, 'selfsigned.p12'), p12.p12)
  return p12
}

async function runCommand(argv: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.create(TaxSignCommand, argv)
  await command.exec()
  return { command, logs: command.logger.getLogs().map((log) => log.message) }
}

test.group('node ace tax:sign', (group) => {
  let dir: string
  group.each.setup(() => {
    dir = mkdtempSync(join(tmpdir(), 'facturo-tax-sign-'))
    return () => rmSync(dir, { recursive: true, force: true })
  })

  test('builds and signs the JSON document, writes the XML and prints the clave', async ({
    assert,
  }) => {
    const p12 = createTestP12({
      algorithm: '40bitRC2',
      password: 'clave123',
      signer: { ruc: SAMPLE_RUC, cedula: SAMPLE_CEDULA },
    })
    writeFileSync(join(dir, 'cert.p12'), p12.p12)
    writeFileSync(
      join(dir, 'doc.json'),
      JSON.stringify({
        environment: 'test',
        issuer: {
          taxId: SAMPLE_RUC,
          legalName: 'PEREZ LOPEZ MARIA JOSE',
          headOfficeAddress: 'Av. Amazonas N34-451, Quito',
        },
        document: tenLineInvoice(9),
      })
    )
    const { command, logs } = await runCommand([
      'EC',
      '--input',
      join(dir, 'doc.json'),
      '--p12',
      join(dir, 'cert.p12'),
      '--password',
      'clave123',
      '--out',
      join(dir, 'signed.xml'),
    ])
    command.assertSucceeded()
    const clave = logs[logs.length - 1]
    assert.isTrue(isValidAccessKey(clave))
    const xml = readFileSync(join(dir, 'signed.xml'), 'utf8')
    assert.include(xml, `<claveAcceso>${clave}</claveAcceso>`)
    assert.isTrue(verifyWithXmlsec(xml, p12.ca.pem, 'factura').valid)
    assert.notInclude(logs.join('\n'), 'clave123', 'the password is never printed')
  })

  test('bad input gets a clear message and a failing exit code, never a stack trace', async ({
    assert,
  }) => {
    const p12 = createTestP12({ password: 'clave123' })
    writeFileSync(join(dir, 'cert.p12'), p12.p12)
    writeFileSync(join(dir, 'broken.json'), '{ "issuer": ')
    writeFileSync(
      join(dir, 'invalid.json'),
      JSON.stringify({
        issuer: { taxId: SAMPLE_RUC, legalName: 'X', headOfficeAddress: 'Y' },
        document: { ...tenLineInvoice(1), lines: [] },
      })
    )
    const cases: Array<[string[], RegExp]> = [
      [
        [
          'EC',
          '--input',
          join(dir, 'broken.json'),
          '--p12',
          join(dir, 'cert.p12'),
          '--password',
          'clave123',
        ],
        /no es JSON válido/,
      ],
      [
        [
          'EC',
          '--input',
          join(dir, 'invalid.json'),
          '--p12',
          join(dir, 'cert.p12'),
          '--password',
          'otra',
        ],
        /contraseña del certificado no es correcta/,
      ],
      [
        [
          'EC',
          '--input',
          join(dir, 'invalid.json'),
          '--p12',
          join(dir, 'cert.p12'),
          '--password',
          'clave123',
        ],
        /al menos una línea/,
      ],
      [
        [
          'XX',
          '--input',
          join(dir, 'invalid.json'),
          '--p12',
          join(dir, 'cert.p12'),
          '--password',
          'clave123',
        ],
        /No hay un adaptador tributario/,
      ],
      [
        ['EC', '--input', join(dir, 'missing.json'), '--p12', join(dir, 'cert.p12')],
        /No se pudo leer el archivo/,
      ],
    ]
    for (const [argv, expected] of cases) {
      const { command, logs } = await runCommand(argv)
      command.assertFailed()
      assert.match(logs.join('\n'), expected)
    }
  })

  test("--password '' means an empty password, like no --password at all", async ({ assert }) => {
    const p12 = selfSignedSetup(dir)
    const input = join(dir, 'doc.json')
    writeFileSync(
      input,
      JSON.stringify({
        issuer: {
          taxId: SAMPLE_RUC,
          legalName: 'PEREZ LOPEZ MARIA JOSE',
          headOfficeAddress: 'Quito',
        },
        document: tenLineInvoice(3),
      })
    )
    for (const passwordArgs of [['--password', ''], ['--password='], []]) {
      const out = join(dir, `signed${passwordArgs.length}.xml`)
      const { command, logs } = await runCommand([
        'EC',
        '--input',
        input,
        '--p12',
        join(dir, 'selfsigned.p12'),
        ...passwordArgs,
        '--out',
        out,
      ])
      command.assertSucceeded()
      assert.isTrue(verifyWithXmlsec(readFileSync(out, 'utf8'), p12.signer.pem, 'factura').valid)
      // A self-signed certificate signs, with a warning naming production.
      assert.match(logs.join('\n'), /autofirmado.*producción.*self-signed/)
    }
  })

  test('an expired certificate is refused with the date it expired', async ({ assert }) => {
    const p12 = createTestP12({
      password: 'clave123',
      signer: {
        ruc: SAMPLE_RUC,
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2022-03-15T00:00:00Z'),
      },
    })
    writeFileSync(join(dir, 'old.p12'), p12.p12)
    writeFileSync(
      join(dir, 'doc.json'),
      JSON.stringify({
        issuer: { taxId: SAMPLE_RUC, legalName: 'X', headOfficeAddress: 'Y' },
        document: tenLineInvoice(1),
      })
    )
    const { command, logs } = await runCommand([
      'EC',
      '--input',
      join(dir, 'doc.json'),
      '--p12',
      join(dir, 'old.p12'),
      '--password',
      'clave123',
    ])
    command.assertFailed()
    assert.include(logs.join('\n'), 'caducó el 2022-03-15')
  })
})

test.group('node ace tax:sign | fresh checkout', (group) => {
  let dir: string
  let emptyEnvDir: string
  group.each.setup(() => {
    dir = mkdtempSync(join(tmpdir(), 'facturo-tax-sign-fresh-'))
    emptyEnvDir = mkdtempSync(join(tmpdir(), 'facturo-no-env-'))
    return () => {
      rmSync(dir, { recursive: true, force: true })
      rmSync(emptyEnvDir, { recursive: true, force: true })
    }
  })

  test('runs with no .env and no environment variables, and signs with a self-signed P12', async ({
    assert,
  }) => {
    const p12 = selfSignedSetup(dir)
    const sample = join(REPO_ROOT, 'docs/adapters/samples/ecuador-invoice.json')
    for (const passwordArgs of [[], ['--password', '']]) {
      const out = join(dir, `x${passwordArgs.length}.xml`)
      const { code, output } = await runAce(
        [
          'tax:sign',
          'EC',
          '--input',
          sample,
          '--p12',
          join(dir, 'selfsigned.p12'),
          ...passwordArgs,
          '--out',
          out,
        ],
        emptyEnvDir
      )
      assert.equal(code, 0, output)
      assert.notInclude(output, 'EnvValidationException')
      assert.match(output, /autofirmado/)
      const xml = readFileSync(out, 'utf8')
      const schema = validateAgainstXsd(stripSignature(xml), 'factura_V2.1.0.xsd')
      assert.isTrue(schema.valid, schema.output)
      const signature = verifyWithXmlsec(xml, p12.signer.pem, 'factura')
      assert.isTrue(signature.valid, signature.output)
    }
  }).timeout(180_000)

  test('commands that need the database still require its settings', async ({ assert }) => {
    // Only commands that declare `standalone` get defaults: production validation stays strict.
    const { code, output } = await runAce(['vault:rotate', '--dry-run'], emptyEnvDir)
    assert.notEqual(code, 0)
    assert.include(output, 'Missing environment variable "DB_HOST"')
  }).timeout(120_000)
})
