/*
 * From sign-up to production in Chromium, as a new company meets it: the
 * dashboard's checklist leads through the company data, the signing
 * certificate, the first customer and a test invoice the authority
 * authorizes (the SRI simulator, through a BullMQ worker in this process),
 * then the pre-flight list and the switch; the header then says
 * PRODUCCIÓN. No page visited logs a hydration warning, and axe finds no
 * WCAG 2.1 A/AA violation on the company settings page, the dashboard with
 * its checklist, the production page and the invoice form.
 *
 * The pages talk to the real server and database (no transaction): the
 * company is new on every run.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import queueConfig from '#config/queue'
import { Worker, type Job as BullJob } from 'bullmq'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright'
import Tenant from '#tenancy/models/tenant'
import { cedulaCheckDigit } from '#adapters/ecuador_sri/identification'
import { pipelineGroup } from '#tests/helpers/invoicing'
import { p12For } from '#tests/helpers/certificates'

function startWorker() {
  return new Worker(
    'default',
    async (job: BullJob) => {
      const { default: JobClass } = await import(job.name)
      const instance = await app.container.make(JobClass)
      instance.$injectInternal({ job, logger })
      await app.container.call(instance, 'handle', [job.data])
    },
    { ...queueConfig.worker, connection: queueConfig.defaultConnection, concurrency: 2 }
  )
}

/** Every console message of the page, to find Vue's hydration warnings in. */
function watchConsole(page: Page) {
  const messages: string[] = []
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`))
  return () => messages.filter((text) => /hydration|mismatch/i.test(text))
}

/** axe-core over the page, WCAG 2.1 A and AA rules: the violations' ids and targets. */
async function accessibilityViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
  )
}

/** A natural-person RUC with the adapter's cédula check digit, new on every run. */
function newRuc() {
  const digits = `170${`${Date.now()}`.slice(-6)}`
  return `${digits}${cedulaCheckDigit(digits)}001`
}

async function stepDone(page: Page, key: string) {
  return page.locator(`[data-test="onboarding"] [data-step="${key}"]`).getAttribute('data-done')
}

test.group('Going live in Chromium', (group) => {
  pipelineGroup(group)
  group.setup(() => {
    const worker = startWorker()
    return () => worker.close()
  })

  test('sign up, follow the checklist to an authorized test invoice, go to production', async ({
    browserContext,
    assert,
  }) => {
    const ruc = newRuc()
    const email = `duena-${ruc}@example.com`
    const page = await browserContext.newPage()
    page.setDefaultNavigationTimeout(120_000)
    const hydrationWarnings = watchConsole(page)

    // Sign up, then sign in.
    await page.goto('/register')
    await page.getByLabel('RUC', { exact: true }).fill(ruc)
    await page.getByLabel('Razón social').fill('Ferretería Producción S.A.')
    await page.getByLabel('Nombre comercial').fill('Ferretería Producción')
    await page.getByLabel('Dirección de la matriz').fill('Av. Amazonas N34-120, Quito')
    await page.getByLabel('Nombre completo').fill('Lucía Andrade')
    await page.getByLabel('Correo electrónico').fill(email)
    await page.getByLabel('Contraseña', { exact: true }).fill('produccion-segura-2024')
    await page.getByLabel('Repite la contraseña').fill('produccion-segura-2024')
    await page.getByRole('button', { name: 'Crear cuenta' }).click()
    await page.waitForURL('**/login')
    await page.getByLabel('Correo electrónico').fill(email)
    await page.getByLabel('Contraseña', { exact: true }).fill('produccion-segura-2024')
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')

    // The checklist: nothing done yet, each step a link.
    await page.locator('[data-test="onboarding"]').waitFor()
    for (const key of ['company', 'credential', 'customer', 'test_invoice', 'production']) {
      assert.equal(await stepDone(page, key), 'false', key)
    }
    await page.assertTextContains('[data-environment="test"]', 'PRUEBAS')
    assert.deepEqual(await accessibilityViolations(page), [])

    // 1. Company data, with the country's own fields.
    await page.getByRole('link', { name: 'Completa los datos de tu empresa' }).click()
    await page.waitForURL('**/app/settings/company')
    await page.getByLabel('Correo de contacto').fill('ventas@produccion.example')
    await page.getByLabel('Teléfono de contacto').fill('+593 2 255 1234')
    await page.getByLabel('Obligado a llevar contabilidad').check()
    await page.getByLabel('Resolución de agente de retención').fill('abc')
    await page.locator('[data-test="save-company"]').click()
    await page.assertTextContains(
      '#country-withholdingAgentResolution-error',
      'Resolución de agente de retención: escribe hasta 8 dígitos.'
    )
    assert.deepEqual(await accessibilityViolations(page), [])
    await page.getByLabel('Resolución de agente de retención').fill('')
    await page.locator('[data-test="save-company"]').click()
    await page.assertVisible(
      page.getByRole('status').filter({ hasText: 'Datos de la empresa guardados.' })
    )
    assert.deepEqual(await accessibilityViolations(page), [])

    // 2. The signing certificate the other browser tests use, for this RUC.
    const tenant = await Tenant.findByOrFail('tax_id', ruc)
    const p12 = p12For(tenant)
    await page.goto('/app')
    assert.equal(await stepDone(page, 'company'), 'true')
    await page.getByRole('link', { name: 'Sube tu certificado de firma electrónica' }).click()
    await page.waitForURL('**/app/settings/certificates')
    await page
      .getByLabel('Archivo del certificado (.p12 o .pfx)')
      .setInputFiles({ name: 'firma.p12', mimeType: 'application/x-pkcs12', buffer: p12.p12 })
    await page.getByLabel('Contraseña del certificado').fill(p12.password)
    await page.getByRole('button', { name: 'Subir certificado' }).click()
    // Parsing and encrypting the certificate takes a moment on a busy machine.
    await page
      .getByRole('status')
      .filter({ hasText: 'Certificado cargado' })
      .waitFor({ timeout: 60_000 })

    // 3. The first customer.
    await page.goto('/app')
    assert.equal(await stepDone(page, 'credential'), 'true')
    await page.getByRole('link', { name: 'Crea tu primer cliente' }).click()
    await page.waitForURL('**/app/customers/create')
    await page.getByLabel('Tipo de identificación').selectOption({ label: 'Cédula' })
    await page.getByLabel('Identificación', { exact: true }).fill('1710034065')
    await page.getByLabel('Razón social o nombre').fill('Juan Carlos Andrade')
    await page.getByLabel('Correos').fill('juan@example.com')
    await page.getByRole('button', { name: 'Crear cliente' }).click()
    await page.waitForURL('**/app/customers')

    // 4. A test invoice, issued after the confirmation, authorized by the simulator.
    await page.goto('/app')
    assert.equal(await stepDone(page, 'customer'), 'true')
    await page
      .getByRole('link', { name: 'Emite una factura de prueba y consigue su autorización' })
      .click()
    await page.waitForURL('**/app/documents/create')
    await page
      .locator('select[name="customerId"]')
      .selectOption({ label: 'Juan Carlos Andrade · 1710034065' })
    const line = page.locator('[data-line="0"]')
    await line.getByLabel('Código', { exact: true }).fill('SRV-01')
    await line.getByLabel('Descripción').fill('Asesoría de instalación')
    await line.getByLabel('Cantidad').fill('1')
    await line.getByLabel('Precio unitario').fill('40')
    await page.locator('[data-test="form-total"]').filter({ hasText: '46,00' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await page.locator('[data-test="issue"]').click()
    await page.getByRole('alertdialog').locator('[data-test="confirm-issue"]').click()
    await page.waitForURL(/\/app\/documents\/\d+$/)
    await page.locator('[data-test="document-title"] [data-status="AUTHORIZED"]').waitFor({
      timeout: 60_000,
    })

    // 5. The pre-flight list passes; the switch after the confirmation.
    await page.goto('/app')
    assert.equal(await stepDone(page, 'test_invoice'), 'true')
    assert.equal(await stepDone(page, 'production'), 'false')
    await page.getByRole('link', { name: 'Pasa a producción' }).click()
    await page.waitForURL('**/app/settings/production')
    for (const check of await page.locator('[data-check]').all()) {
      assert.equal(await check.getAttribute('data-ok'), 'true', await check.innerText())
    }
    assert.deepEqual(await accessibilityViolations(page), [])
    await page
      .getByLabel('Entiendo que desde ahora mis comprobantes tienen validez tributaria.')
      .check()
    await page.getByRole('button', { name: 'Pasar a producción' }).click()
    await page.locator('[data-test="environment-badge"][data-environment="production"]').waitFor()
    await page.assertTextContains('[data-test="environment-badge"]', 'PRODUCCIÓN')
    assert.deepEqual(await accessibilityViolations(page), [])

    // Every step done: the checklist is gone; the header still says production.
    await page.goto('/app')
    await page.assertNotExists('[data-test="onboarding"]')
    await page.assertTextContains('[data-test="environment-badge"]', 'PRODUCCIÓN')
    const company = await Tenant.findByOrFail('tax_id', ruc)
    assert.equal(company.authorityEnvironment, 'production')
    assert.deepEqual(hydrationWarnings(), [])
  })
})
