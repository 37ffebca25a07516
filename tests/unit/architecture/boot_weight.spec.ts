/*
|--------------------------------------------------------------------------
| What a process loads at boot
|--------------------------------------------------------------------------
|
| Providers register the tax adapters and the billing module, so what
| their modules import statically is loaded by every process: the web
| server, each queue worker, every ace command. The SOAP client, the PDF,
| QR and barcode libraries, Stripe's SDK and ExcelJS are loaded on first
| use instead (adapters/core/lazy_modules.ts, the Stripe service,
| the export controllers); together they weigh about 60 MB of resident
| memory (docs/performance.md, "ZIP"). This boots the application in a
| child process, as a worker does, with a resolve hook that lists every
| package it loads, and checks that none of them is among those.
|
*/
import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

const LOADED_ON_FIRST_USE = ['soap', 'pdfkit', 'qrcode', 'bwip-js', 'stripe', 'exceljs']

test.group('Boot weight', () => {
  test('a worker boots without the libraries it loads on first use', ({ assert }) => {
    const folder = mkdtempSync(join(tmpdir(), 'facturo-boot-'))
    const out = join(folder, 'packages.txt')
    try {
      const child = spawnSync(
        process.execPath,
        [
          '--import=ts-node-maintained/register/esm',
          '--disable-warning=ExperimentalWarning',
          `--import=${app.makePath('tests/fixtures/boot_probe/register.mjs')}`,
          app.makePath('tests/fixtures/boot_probe/boot.ts'),
        ],
        {
          cwd: app.makePath(),
          env: { ...process.env, BOOT_PROBE_OUT: out },
          encoding: 'utf8',
          timeout: 120_000,
        }
      )
      assert.equal(child.status, 0, child.stderr)
      const loaded = readFileSync(out, 'utf8').split('\n').filter(Boolean)
      // The probe works: the framework and the database driver were seen.
      assert.includeMembers(loaded, ['@adonisjs/core', '@adonisjs/lucid', 'node-forge'])
      assert.deepEqual(
        LOADED_ON_FIRST_USE.filter((name) => loaded.includes(name)),
        []
      )
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  }).timeout(150_000)
})
