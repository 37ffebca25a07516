/*
 * The platform console in Chromium: a super-admin opens the overview
 * (charts drawn), finds a company, suspends it with a reason; the company's
 * owner sees the reason and cannot issue; the super-admin reactivates it.
 * Real server, database and sessions (no transaction: rows are unique per
 * run, and the audit log keeps them).
 */
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import limiter from '@adonisjs/limiter/services/main'
import Tenant from '#tenancy/models/tenant'
import { TEST_PASSWORD, createUser } from '#tests/helpers/accounts'
import { createEcCompany } from '#tests/helpers/invoicing'

async function signIn(page: Page, email: string, landing: string) {
  await page.goto('/login')
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await page.waitForURL(`**${landing}`)
}

test.group('Platform console in Chromium', (group) => {
  group.each.teardown(() => limiter.clear())

  test('overview with charts, find a company, suspend it with a reason, the owner is blocked and told why, reactivate', async ({
    browser,
    assert,
  }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const company = await createEcCompany()
    const name = company.tenant.tradeName
    const reason = 'Documentación del RUC en revisión'
    const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
    const adminContext = await browser.newContext({ baseURL, locale: 'es-EC' })
    const ownerContext = await browser.newContext({ baseURL, locale: 'es-EC' })
    const consolePage = await adminContext.newPage()
    const owner = await ownerContext.newPage()

    // The console's home is the overview; its charts are drawn once hydrated.
    await signIn(consolePage, admin.email, '/admin')
    await consolePage.assertTextContains('h1', 'Resumen de la plataforma')
    for (const chart of ['plans', 'documents', 'movement']) {
      await consolePage.locator(`[data-chart="${chart}"] canvas`).waitFor()
    }
    const drawn = await consolePage
      .locator('[data-chart="documents"] canvas')
      .evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.height > 0)
    assert.isTrue(drawn)

    // Find the company.
    await consolePage.getByRole('link', { name: 'Empresas', exact: true }).click()
    await consolePage.waitForURL('**/admin/companies')
    await consolePage.getByPlaceholder('Buscar por nombre, RUC o subdominio').fill(name)
    await consolePage.getByRole('button', { name: 'Filtrar' }).click()
    await consolePage.waitForURL(/\/admin\/companies\?q=/)
    await consolePage.getByRole('link', { name }).click()
    await consolePage.waitForURL(`**/admin/companies/${company.tenant.id}`)
    await consolePage.assertTextContains('[data-field="status"]', 'Activa')

    // Suspend it with a reason.
    const suspend = consolePage.locator('form[data-action="suspend"]')
    await suspend.getByLabel('Motivo (queda en la auditoría)').fill(reason)
    await suspend.getByRole('button', { name: 'Suspender' }).click()
    await consolePage.assertTextContains('[role="status"]', 'Empresa suspendida')
    await consolePage.assertTextContains('[data-field="status"]', 'Suspendida')
    await consolePage.assertTextContains('[data-field="suspension-note"]', reason)

    // The owner sees why, and issuing is refused with the same reason.
    await signIn(owner, company.user.email, '/app')
    await owner.assertTextContains('[data-test="billing-banner"]', reason)
    await owner.goto('/app/documents/create')
    await owner
      .locator('select[name="customerId"]')
      .selectOption({ label: 'Juan Carlos Andrade · 0926687856' })
    const line = owner.locator('[data-line="0"]')
    await line.getByLabel('Código', { exact: true }).fill('SKU-001')
    await line.getByLabel('Código', { exact: true }).dispatchEvent('change')
    await owner.locator('[data-test="form-total"]').filter({ hasText: '138,00' }).waitFor()
    await owner.locator('[data-test="issue"]').click()
    await owner.locator('[data-test="confirm-issue"]').click()
    await owner.assertTextContains('[role="alert"]', reason)
    const blocked = await Tenant.findOrFail(company.tenant.id)
    assert.equal(blocked.status, 'SUSPENDED')

    // Reactivate it: the owner's banner is gone.
    const reactivate = consolePage.locator('form[data-action="reactivate"]')
    await reactivate.getByLabel('Motivo (queda en la auditoría)').fill('Documentos verificados')
    await reactivate.getByRole('button', { name: 'Reactivar' }).click()
    await consolePage.assertTextContains('[role="status"]', 'Empresa reactivada')
    await consolePage.assertTextContains('[data-field="status"]', 'Activa')
    await owner.goto('/app')
    await owner.assertNotExists('[data-test="billing-banner"]')
    const after = await Tenant.findOrFail(company.tenant.id)
    assert.equal(after.status, 'ACTIVE')
  })
})
