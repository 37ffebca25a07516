import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import TaxSignCommand from '#commands/tax_sign'
import { createTestP12 } from '#adapters/core/testing/certificates'
import { isValidAccessKey } from '#adapters/ecuador_sri/access_key'
import { SAMPLE_CEDULA, SAMPLE_RUC, tenLineInvoice } from '#adapters/ecuador_sri/testing/fixtures'
import { verifyWithXmlsec } from '#adapters/ecuador_sri/testing/xml_checks'

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
})
