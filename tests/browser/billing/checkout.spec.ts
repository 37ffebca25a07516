/*
 * Paying for a plan in Chromium: a company in its trial opens Facturación,
 * picks Profesional, pays on the local Stripe's Checkout page (which sends
 * its signed webhooks to the test server), and comes back ACTIVE with the
 * plan's limits and its organisation's join code.
 *
 * The pages talk to the real server and database (no transaction). The
 * company is left in place: its audit entries keep it (the audit log is
 * append-only), and the test database is dropped after the run.
 */
import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import Tenant from '#tenancy/models/tenant'
import { TEST_PASSWORD, createCompany } from '#tests/helpers/accounts'
import { useLocalStripe } from '#tests/helpers/billing'

test.group('Billing in the browser', (group) => {
  let stripe: Awaited<ReturnType<typeof useLocalStripe>> | undefined
  group.setup(async () => {
    stripe = await useLocalStripe()
    return () => stripe!.close()
  })

  test('a trial company picks Profesional, pays on the local Checkout and returns ACTIVE with its limits and join code', async ({
    visit,
    assert,
  }) => {
    mail.fake()
    try {
      const { tenant, user } = await createCompany('OWNER', { status: 'TRIAL', planCode: 'trial' })
      const page = await visit('/login')
      await page.getByLabel('Correo electrónico').fill(user.email)
      await page.getByLabel('Contraseña').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: 'Iniciar sesión' }).click()
      await page.waitForURL('**/app')

      await page.getByRole('link', { name: 'Facturación' }).first().click()
      await page.waitForURL('**/app/billing')
      await page.assertTextContains('[data-test="company-status"]', 'En prueba')
      await page.assertTextContains('[data-test="billing-banner"]', 'Prueba gratis')
      await page.assertTextContains('[data-test="plan-name"]', 'Prueba')
      await page.assertTextContains('[data-test="join-code"]', 'después del primer pago')
      // The trial's own limits.
      await page.assertTextContains('[data-usage="documents"] [data-test="usage-value"]', 'de 50')

      await page.locator('[data-test="subscribe-profesional"]').click()
      await page.waitForURL(`${stripe!.server.url}/checkout/**`)
      await page.assertTextContains('[data-test="checkout-product"]', 'Facturo Profesional')
      await page.assertTextContains('[data-test="checkout-amount"]', '59,00')

      // A declined card first: the page says so and nothing changes.
      await page.getByLabel('Número de tarjeta').fill('4000 0000 0000 0002')
      await page.locator('[data-test="checkout-pay"]').click()
      await page.assertTextContains('[data-test="checkout-error"]', 'Your card was declined.')
      const unpaid = await Tenant.findOrFail(tenant.id)
      assert.equal(unpaid.status, 'TRIAL')

      await page.getByLabel('Número de tarjeta').fill('4242 4242 4242 4242')
      await page.locator('[data-test="checkout-pay"]').click()
      await page.waitForURL('**/app/billing')

      await page.assertTextContains('[role="status"]', 'Tu suscripción está activa')
      await page.assertExists('[data-test="company-status"][data-status="ACTIVE"]')
      await page.assertNotExists('[data-test="billing-banner"]')
      await page.assertTextContains('[data-test="plan-name"]', 'Profesional')
      await page.assertTextContains('[data-usage="documents"] [data-test="usage-value"]', 'de 500')
      await page.assertTextContains(
        '[data-usage="establishments"] [data-test="usage-value"]',
        'de 3'
      )
      await page.assertTextContains('[data-usage="users"] [data-test="usage-value"]', 'de 5')
      const code = await page.locator('[data-test="join-code-value"]').innerText()
      assert.match(code.trim(), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
      await page.assertExists('[data-plan="profesional"] [data-test="current-plan"]')
      await page.assertExists('[data-test="switch-empresarial"]')
      await page.assertTextContains('[data-test="next-invoice"]', '59,00')

      const after = await Tenant.findOrFail(tenant.id)
      assert.equal(after.status, 'ACTIVE')
      assert.equal(after.planCode, 'profesional')
    } finally {
      mail.restore()
    }
  })
})
