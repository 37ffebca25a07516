import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { cedulaCheckDigit } from '#adapters/ecuador_sri/identification'
import { computeRucDv } from '#adapters/panama_hka/ruc'

/**
 * The whole onboarding in Chromium: a company registers, its owner signs
 * in and lands on its dashboard, invites by e-mail and shares a join code;
 * the owner of a second company joins with the code and switches between
 * both.
 *
 * The pages talk to the real server and database (no transaction), so the
 * data is unique per run.
 */
const run = `${Date.now()}`.slice(-7)

/** A natural-person Ecuador RUC with the adapter's cédula check digit. */
function ecuadorRuc(seed: string) {
  const digits = `170${seed.padStart(6, '0').slice(-6)}`
  return `${digits}${cedulaCheckDigit(digits)}001`
}

/** A juridical Panama RUC and the DV the adapter computes for it. */
function panamaRuc(seed: string) {
  const ruc = `15${seed.padStart(7, '0').slice(-7)}-2-2024`
  return { ruc, dv: computeRucDv(ruc, 'juridical')! }
}

async function register(
  page: Page,
  company: { country: 'EC' | 'PA'; taxId: string; dv?: string; name: string },
  owner: { name: string; email: string }
) {
  if (company.country === 'PA') await page.getByLabel('Panamá').check()
  await page.getByLabel('RUC', { exact: true }).fill(company.taxId)
  if (company.dv) await page.getByLabel('DV', { exact: true }).fill(company.dv)
  await page.getByLabel('Razón social').fill(`${company.name} S.A.`)
  await page.getByLabel('Nombre comercial').fill(company.name)
  await page.getByLabel('Dirección de la matriz').fill('Av. Principal 123 y Secundaria')
  await page.getByLabel('Nombre completo').fill(owner.name)
  await page.getByLabel('Correo electrónico').fill(owner.email)
  await page.getByLabel('Contraseña', { exact: true }).fill('navegador-seguro-2024')
  await page.getByLabel('Repite la contraseña').fill('navegador-seguro-2024')
  await page.getByRole('button', { name: 'Crear cuenta' }).click()
  // The same answer as for an address that already has an account: check
  // your e-mail, on the sign-in page. A new owner signs in at once.
  await page.waitForURL('**/login')
  await page.assertVisible(
    page.getByRole('status').filter({ hasText: `Revisa tu correo (${owner.email})` })
  )
  await page.getByLabel('Correo electrónico').fill(owner.email)
  await page.getByLabel('Contraseña', { exact: true }).fill('navegador-seguro-2024')
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await page.waitForURL('**/app')
}

test.group('Onboarding in Chromium', () => {
  test('register, invite, join with a code and switch companies', async ({ visit, browser }) => {
    const andes = `Andes Navegador ${run}`
    const pacifico = `Pacífico Navegador ${run}`

    // 1. A company registers, its owner signs in and lands on its dashboard.
    const owner = await visit('/register')
    await owner.assertTextContains('h1', 'Crea la cuenta de tu empresa')
    await register(
      owner,
      { country: 'EC', taxId: ecuadorRuc(run), name: andes },
      { name: 'Ana Andes', email: `ana-${run}@andes.test` }
    )
    await owner.assertTextContains('[data-company-name]', andes)
    await owner.assertTextContains('[data-role]', 'Propietario')

    // 2. The owner invites someone by e-mail and creates a join code.
    await owner.getByRole('link', { name: 'Usuarios' }).click()
    await owner.waitForURL('**/app/users')
    await owner.getByLabel('Correo electrónico').fill(`invitada-${run}@andes.test`)
    await owner.getByRole('button', { name: 'Enviar invitación' }).click()
    await owner.assertExists(`[data-invitation="invitada-${run}@andes.test"]`)
    await owner.assertVisible(
      owner
        .getByRole('status')
        .filter({ hasText: `Enviamos la invitación a invitada-${run}@andes.test` })
    )

    await owner.locator('#code-role').selectOption('OPERATOR')
    await owner.locator('[data-create-join-code]').click()
    await owner.assertExists('[data-join-code]')
    const shown = await owner.locator('[data-join-code]').innerText()
    const code = shown.trim()

    // 3. The owner of another company (new browser session) joins with the code.
    const pacificoRuc = panamaRuc(run)
    const otherSession = await browser.newContext({
      baseURL: `http://${process.env.HOST}:${process.env.PORT}`,
      locale: 'es-EC',
    })
    const bruno = await otherSession.newPage()
    await bruno.goto('/register')
    await register(
      bruno,
      { country: 'PA', taxId: pacificoRuc.ruc, dv: pacificoRuc.dv, name: pacifico },
      { name: 'Bruno Pacífico', email: `bruno-${run}@pacifico.test` }
    )
    await bruno.assertTextContains('[data-company-name]', pacifico)

    await bruno.goto('/join')
    await bruno.getByLabel('Código de acceso').fill(code.toLowerCase())
    await bruno.getByRole('button', { name: 'Unirme a la empresa' }).click()
    await bruno.waitForURL('**/app')
    await bruno.assertVisible(
      bruno.getByRole('status').filter({ hasText: `Ahora formas parte de ${andes}` })
    )
    await bruno.assertTextContains('[data-company-name]', andes)
    await bruno.assertTextContains('[data-role]', 'Operador')

    // 4. He switches between his two companies with the switcher.
    await bruno.locator('button[data-current-tenant]').click()
    await bruno.getByRole('menuitem', { name: new RegExp(pacifico) }).click()
    await bruno.assertTextContains('[data-company-name]', pacifico)
    await bruno.assertTextContains('[data-role]', 'Propietario')
    await bruno.assertTextContains('[data-current-tenant]', pacifico)

    await bruno.locator('button[data-current-tenant]').click()
    await bruno.getByRole('menuitem', { name: new RegExp(andes) }).click()
    await bruno.assertTextContains('[data-company-name]', andes)
    await bruno.assertTextContains('[data-role]', 'Operador')
    // As an operator he has no users page.
    await bruno.assertNotExists('nav a[href="/app/users"]')

    // 5. The owner sees the new member on the users page.
    await owner.reload()
    await owner.assertExists(`[data-member="bruno-${run}@pacifico.test"]`)

    await otherSession.close()
  })
})
