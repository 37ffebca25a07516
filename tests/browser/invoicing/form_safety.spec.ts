/*
 * The invoice form and the document page in Chromium, as a careful user
 * and a careless one would meet them: Enter in a line never issues (it
 * saves a draft), a bad line is marked next to its field while the totals
 * show it, a text pasted past the body limit is named and nothing typed is
 * lost, "Emitir" asks first, and the detail page turns to AUTORIZADO on its
 * own. A read-only member sees no write action; at 390×844 the list and the
 * form fit the screen; no page visited logs a hydration warning, and axe
 * finds no WCAG 2.1 A/AA violation on the invoice pages.
 *
 * A BullMQ worker runs the queued jobs in this process against the SRI
 * simulator. The pages talk to the real server and database (no
 * transaction): the companies are new on every run.
 */
import { test } from '@japa/runner'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright'
import Document from '#documents/models/document'
import { tenantContext } from '#tenancy/tenant_context'
import { createDraft } from '#documents/actions/save_draft'
import { addMember, createUser, TEST_PASSWORD } from '#tests/helpers/accounts'
import {
  createEcCompany,
  invoiceInput,
  pipelineGroup,
  startQueueWorker,
} from '#tests/helpers/invoicing'

/** Every console message of the page, to find Vue's hydration warnings in. */
function watchConsole(page: Page) {
  const messages: string[] = []
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`))
  return () => messages.filter((text) => /hydration|mismatch/i.test(text))
}

async function signIn(page: Page, email: string) {
  // The first page of a run waits for Vite to compile the client (slow on a busy machine).
  page.setDefaultNavigationTimeout(120_000)
  await page.goto('/login')
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await page.waitForURL('**/app')
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

/** Elements that scroll sideways, or stick out of the viewport. */
function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth
    const found: string[] = []
    if (document.documentElement.scrollWidth > width) {
      found.push(`page ${document.documentElement.scrollWidth}px > ${width}px`)
    }
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))) {
      const style = getComputedStyle(element)
      if (style.visibility === 'hidden' || style.display === 'none') continue
      const scrolls = ['auto', 'scroll'].includes(style.overflowX)
      if (scrolls && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${element.tagName}.${element.className} scrolls sideways`)
      }
    }
    return found
  })
}

test.group('Invoice form safety in Chromium', (group) => {
  pipelineGroup(group)
  group.setup(() => {
    const worker = startQueueWorker()
    return () => worker.close()
  })

  test('Enter saves a draft, never issues; bad lines are marked; issue after confirming and watch it authorized', async ({
    browserContext,
    assert,
  }) => {
    const company = await createEcCompany('OPERATOR')
    const page = await browserContext.newPage()
    const hydrationWarnings = watchConsole(page)
    await signIn(page, company.user.email)

    await page.goto('/app/documents/create')
    await page
      .locator('select[name="customerId"]')
      .selectOption({ label: 'Juan Carlos Andrade · 0926687856' })

    // The product typeahead: a word of the description, arrow down, Enter picks it
    // (and submits nothing).
    const line = page.locator('[data-line="0"]')
    const code = line.getByLabel('Código', { exact: true })
    await code.fill('taladro')
    await page.getByRole('option', { name: /SKU-001/ }).waitFor()
    await code.press('ArrowDown')
    await code.press('Enter')
    assert.equal(await line.getByLabel('Descripción').inputValue(), 'Taladro percutor 650 W')
    assert.equal(await line.getByLabel('Precio unitario').inputValue(), '120.00')
    assert.match(page.url(), /\/app\/documents\/create$/)
    await page.locator('[data-test="form-total"]').filter({ hasText: '138,00' }).waitFor()

    // A zero quantity and a discount over the line are marked where they are typed.
    await line.getByLabel('Cantidad').fill('0')
    await page.locator('#field-lines-0-quantity-error').waitFor()
    assert.equal(
      await page.locator('#field-lines-0-quantity-error').innerText(),
      'La cantidad debe ser mayor que 0.'
    )
    assert.equal(await line.getByLabel('Cantidad').getAttribute('aria-invalid'), 'true')
    assert.include(
      (await line.getByLabel('Cantidad').getAttribute('aria-describedby')) ?? '',
      'field-lines-0-quantity-error'
    )
    await line.getByLabel('Cantidad').fill('1')
    await line.getByLabel('Descuento').fill('500')
    await page.locator('#field-lines-0-discount-error').waitFor()
    await page.locator('[data-test="totals-invalid"]').waitFor()
    assert.include(await page.locator('[data-test="form-total"]').innerText(), '-')
    await line.getByLabel('Descuento').fill('0')
    await page.locator('[data-test="totals-invalid"]').waitFor({ state: 'detached' })

    // A description over the body limit (maxlength taken off, as a script could):
    // the form stays, the field says why, nothing is lost.
    await line.getByLabel('Descripción').evaluate((input) => input.removeAttribute('maxlength'))
    await line.getByLabel('Descripción').fill('x'.repeat(1024 * 1024 + 100))
    await page.locator('[data-test="save-draft"]').click()
    await page.locator('#field-lines-0-description-error').waitFor()
    assert.include(
      await page.locator('#field-lines-0-description-error').innerText(),
      'tamaño máximo'
    )
    assert.match(page.url(), /\/app\/documents\/create$/)
    assert.equal(await line.getByLabel('Código', { exact: true }).inputValue(), 'SKU-001')
    await line.getByLabel('Descripción').fill('Taladro percutor 650 W')

    // "Emitir" asks first; Cancelar changes nothing.
    await page.locator('[data-test="issue"]').click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])
    await dialog.getByRole('button', { name: 'Cancelar' }).click()
    await dialog.waitFor({ state: 'detached' })

    assert.deepEqual(await accessibilityViolations(page), [])

    // Enter in the quantity field: the default action is "Guardar borrador".
    await line.getByLabel('Cantidad').fill('2')
    await line.getByLabel('Cantidad').press('Enter')
    await page.waitForURL(/\/app\/documents\/\d+$/)
    const documentId = Number(new URL(page.url()).pathname.split('/').pop())
    const saved = await tenantContext.run(company.tenant, () => Document.findOrFail(documentId))
    assert.equal(saved.status, 'DRAFT')
    assert.isNull(saved.number)
    await page.locator('[data-test="document-title"] [data-status="DRAFT"]').waitFor()
    // The draft shows the tax it will charge: IVA 15 % of 240.00.
    assert.include(await page.locator('[data-test="totals"]').innerText(), '36,00')
    assert.deepEqual(await accessibilityViolations(page), [])

    // "Emitir ahora" asks too; then the page follows the authority by itself.
    await page.evaluate(() => ((window as any).noReloadMarker = true))
    await page.locator('[data-test="issue-now"]').click()
    await page.getByRole('alertdialog').locator('[data-test="confirm-issue"]').click()
    await page.locator('[data-test="document-title"] [data-status="DRAFT"]').waitFor({
      state: 'detached',
    })
    await page.locator('[data-test="document-title"] [data-status="AUTHORIZED"]').waitFor({
      timeout: 60_000,
    })
    assert.isTrue(await page.evaluate(() => (window as any).noReloadMarker === true))
    const ride = await page.locator('[data-test="download-pdf"]').innerText()
    assert.equal(ride.trim(), 'Descargar RIDE (PDF)')
    await page.locator('[data-test="timeline"] [data-kind="authorized"]').waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    // The credit note page previews the amounts before anything is issued.
    await page.locator('[data-test="credit-note"]').click()
    await page.waitForURL(/credit-notes\/create$/)
    await page.locator('[data-test="credit-preview-total"]').filter({ hasText: '276,00' }).waitFor()
    assert.deepEqual(await accessibilityViolations(page), [])

    await page.goto('/app/documents')
    assert.deepEqual(await accessibilityViolations(page), [])
    assert.deepEqual(hydrationWarnings(), [])
  })

  test('a read-only member sees no write action', async ({ browserContext, assert }) => {
    const company = await createEcCompany()
    const draft = await tenantContext.run(company.tenant, () =>
      createDraft(company.tenant, invoiceInput(company))
    )
    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY', { isDefault: true })

    const page = await browserContext.newPage()
    const hydrationWarnings = watchConsole(page)
    await signIn(page, reader.email)
    const writeActions =
      'a[href$="/create"], a[href$="/edit"], a[href$="/duplicate"], [data-test="issue-now"], ' +
      '[data-test="delete"], [data-test="send-email"], [data-test="credit-note"], ' +
      '[data-test="correct"], [data-test="new-invoice"]'
    for (const path of ['/app', '/app/documents', `/app/documents/${draft.id}`]) {
      await page.goto(path)
      await page.locator('main h1').first().waitFor()
      assert.equal(await page.locator(writeActions).count(), 0, path)
    }
    assert.deepEqual(hydrationWarnings(), [])
  })

  test('at 390×844 the list and the form fit the screen; the menu opens and closes', async ({
    browserContext,
    assert,
  }) => {
    const company = await createEcCompany()
    await tenantContext.run(company.tenant, () =>
      createDraft(company.tenant, invoiceInput(company))
    )
    const page = await browserContext.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    const hydrationWarnings = watchConsole(page)
    await signIn(page, company.user.email)

    await page.goto('/app/documents')
    const cards = page.locator('[data-test="cards"]')
    await cards.waitFor()
    assert.deepEqual(await horizontalOverflow(page), [])
    // Number, customer, total and status are on screen.
    for (const text of ['Borrador', 'Juan Carlos Andrade', '179,00']) {
      assert.isTrue(await cards.getByText(text).first().isVisible(), text)
    }
    // The header keeps one line, "Cerrar sesión" whole.
    const logout = await page.locator('[data-test="logout"]').boundingBox()
    assert.isAtMost(logout!.x + logout!.width, 390)
    const header = await page.locator('header').boundingBox()
    assert.equal(Math.round(header!.height), 56)

    // The menu drawer: a backdrop and a close button.
    await page.locator('[data-test="menu-open"]').click()
    await page.locator('[data-test="menu-backdrop"]').waitFor()
    await page.locator('[data-test="menu-close"]').click()
    await page.locator('[data-test="menu-backdrop"]').waitFor({ state: 'detached' })

    await page.goto('/app/documents/create')
    await page.locator('[data-line="0"]').waitFor()
    await page.locator('[data-test="add-line"]').click()
    assert.deepEqual(await horizontalOverflow(page), [])
    assert.deepEqual(hydrationWarnings(), [])
  })
})
