import { test } from '@japa/runner'

test.group('Landing page in Chromium', () => {
  test('loads in Spanish and switches to English', async ({ visit }) => {
    const page = await visit('/')

    await page.assertTextContains('h1', 'Emite facturas electrónicas válidas en minutos')
    await page.locator('button[data-locale="en"]').click()
    await page.assertTextContains('h1', 'Issue valid electronic invoices in minutes')
    await page.assertExists('button[data-locale="en"][aria-pressed="true"]')
    await page.assertExists('html[lang="en"]')
  })
})
