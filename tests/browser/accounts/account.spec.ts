import { test } from '@japa/runner'
import type { Page } from 'playwright'
import limiter from '@adonisjs/limiter/services/main'
import { TEST_PASSWORD, createCompany } from '#tests/helpers/accounts'

/**
 * The account page in Chromium, against the real server, database and
 * session store (no transaction: the rows are unique per run).
 */
async function signIn(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await page.waitForURL('**/app')
}

test.group('Account page in Chromium', (group) => {
  group.each.teardown(() => limiter.clear())

  test('sign out on the other devices, then change the password', async ({ browser }) => {
    const { user } = await createCompany('OWNER')
    const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
    const laptop = await browser.newContext({ baseURL, locale: 'es-EC' })
    const phone = await browser.newContext({ baseURL, locale: 'es-EC' })
    const here = await laptop.newPage()
    const there = await phone.newPage()
    await signIn(here, user.email)
    await signIn(there, user.email)

    // "Mi cuenta" is the name in the top bar.
    await here.locator('[data-account-link]').click()
    await here.waitForURL('**/account')
    await here.assertTextContains('[data-account-email]', user.email)
    await here.getByRole('button', { name: 'Cerrar sesión en los demás dispositivos' }).click()
    await here.assertVisible(
      here.getByRole('status').filter({ hasText: 'Cerramos la sesión en tus otros dispositivos' })
    )

    // The phone is signed out on its next page; this device is not.
    await there.goto('/app/customers')
    await there.waitForURL('**/login')
    await here.goto('/app/customers')
    await here.waitForURL('**/app/customers')

    // A new password: a wrong current one is explained next to its field.
    await here.goto('/account')
    await here.getByLabel('Contraseña actual').fill('no-es-la-mia-1')
    await here.getByLabel('Contraseña nueva').fill('una-clave-nueva-2025')
    await here.getByLabel('Repite la contraseña').fill('una-clave-nueva-2025')
    await here.getByRole('button', { name: 'Guardar contraseña' }).click()
    await here.assertTextContains('#currentPassword-error', 'La contraseña actual no es correcta.')

    await here.getByLabel('Contraseña actual').fill(TEST_PASSWORD)
    await here.getByLabel('Contraseña nueva').fill('una-clave-nueva-2025')
    await here.getByLabel('Repite la contraseña').fill('una-clave-nueva-2025')
    await here.getByRole('button', { name: 'Guardar contraseña' }).click()
    await here.assertVisible(
      here.getByRole('status').filter({ hasText: 'Tu contraseña se cambió' })
    )
    await signIn(there, user.email, 'una-clave-nueva-2025')

    await laptop.close()
    await phone.close()
  })
})
