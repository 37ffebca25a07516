import { test } from '@japa/runner'
import type { Page } from 'playwright'
import Notification from '#certificates/models/notification'
import { tenantContext } from '#tenancy/tenant_context'
import tax from '#adapters/core/services/tax'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { startHkaSimulator } from '#adapters/panama_hka/simulator/server'
import { TEST_PASSWORD, createCompany } from '#tests/helpers/accounts'
import { createEcuadorCompany, p12For } from '#tests/helpers/certificates'

/**
 * The certificate page in Chromium, against the real server and database
 * (no transaction: the rows are unique per run).
 */
async function signIn(page: Page, email: string) {
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Iniciar sesión' }).click()
  await page.waitForURL('**/app')
}

test.group('Certificates in Chromium', () => {
  test('upload a certificate, see its details and days left', async ({ visit }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    await tenantContext.run(tenant, () =>
      Notification.create({
        userId: user.id,
        kind: 'certificate_expiring',
        severity: 'warning',
        params: { holder: 'CERTIFICADO ANTERIOR', date: '2031-01-01', days: 15 },
        link: '/app/settings/certificates',
      })
    )
    const p12 = p12For(tenant)

    const page = await visit('/login')
    await signIn(page, user.email)

    // The bell in the top bar shows the unread notice.
    await page.assertTextContains('[data-unread-count]', '1')
    await page.locator('[data-notification-bell]').click()
    await page.assertTextContains(
      '[data-notice]',
      'El certificado de CERTIFICADO ANTERIOR caduca en 15 días'
    )

    await page.getByRole('link', { name: 'Credenciales de firma' }).click()
    await page.waitForURL('**/app/settings/certificates')
    await page.assertTextContains('h1', 'Certificado de firma electrónica')
    await page.assertTextContains('main', 'Tu empresa aún no tiene certificado')

    // A wrong password first: the message shows next to the field.
    const file = { name: 'firma.p12', mimeType: 'application/x-pkcs12', buffer: p12.p12 }
    await page.getByLabel('Archivo del certificado (.p12 o .pfx)').setInputFiles(file)
    await page.getByLabel('Contraseña del certificado').fill('no-es-la-clave')
    await page.getByRole('button', { name: 'Subir certificado' }).click()
    await page.assertTextContains('#password-error', 'La contraseña del certificado no es correcta')
    await page.assertTextContains('main', 'Tu empresa aún no tiene certificado')

    await page.getByLabel('Archivo del certificado (.p12 o .pfx)').setInputFiles(file)
    await page.getByLabel('Contraseña del certificado').fill(p12.password)
    await page.getByRole('button', { name: 'Subir certificado' }).click()

    await page.assertVisible(page.getByRole('status').filter({ hasText: 'Certificado cargado' }))
    await page.assertTextContains('[data-certificate-status]', 'Vigente')
    await page.assertTextContains('[data-holder]', 'MARIA JOSE PEREZ')
    await page.assertTextContains('[data-issuer]', 'AUTORIDAD DE CERTIFICACION FACTURO PRUEBAS')
    await page.assertTextContains('[data-serial]', p12.signer.cert.serialNumber)
    await page.assertTextContains('[data-days-left]', 'Quedan 365 días')
    await page.assertTextContains(
      '[data-valid-to]',
      String(new Date(Date.now() + 365 * 86_400_000).getFullYear())
    )
    // The form now offers to replace it.
    await page.assertVisible(page.getByRole('button', { name: 'Reemplazar certificado' }))
  })

  test('a self-signed test certificate with no password is accepted with a visible warning', async ({
    visit,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, { password: '', signer: { selfSigned: true } })

    const page = await visit('/login')
    await signIn(page, user.email)
    await page.goto(page.url().replace(/\/app$/, '/app/settings/certificates'))
    await page.assertNotExists('[data-not-accredited-banner]')

    const file = { name: 'prueba.p12', mimeType: 'application/x-pkcs12', buffer: p12.p12 }
    await page.getByLabel('Archivo del certificado (.p12 o .pfx)').setInputFiles(file)
    await page.getByRole('button', { name: 'Subir certificado' }).click()

    await page.assertVisible(page.getByRole('status').filter({ hasText: 'Certificado cargado' }))
    await page.assertVisible('[data-not-accredited-banner]')
    await page.assertTextContains(
      '[data-not-accredited-banner]',
      'el ambiente de producción del SRI rechaza los certificados que no emitió una entidad de certificación acreditada'
    )
  })

  test('a Panama company saves its PAC tokens and tests them with the PAC', async ({
    visit,
    cleanup,
  }) => {
    // The PAC is the HKA simulator, with an account for these tokens (40 of 100 folios left).
    const simulator = await startHkaSimulator({ port: 0 })
    tax.fake('PA', new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 5_000 }))
    cleanup(async () => {
      const authority = tax.use('PA')
      tax.restore('PA')
      await authority.close()
      await simulator.close()
    })
    simulator.register({
      tokenEmpresa: 'empresa-navegador-1234',
      tokenPassword: 'clave-navegador-1234',
      cycleTotal: 100,
      cycleUsed: 60,
    })
    const { user } = await createCompany('OWNER', { country: 'PA' })
    const page = await visit('/login')
    await signIn(page, user.email)
    await page.goto(page.url().replace(/\/app$/, '/app/settings/certificates'))
    await page.assertTextContains('h1', 'Credenciales del PAC')

    const card = page.locator('[data-pac-environment="test"]')
    await card.getByLabel('Token empresa').fill('empresa-navegador-1234')
    await card.getByLabel('Token password').fill('clave-navegador-1234')
    await card.getByRole('button', { name: 'Guardar credenciales' }).click()
    await page.assertVisible(
      page.getByRole('status').filter({ hasText: 'guardadas de forma cifrada' })
    )
    await page.assertTextContains(
      '[data-pac-environment="test"] [data-pac-state]',
      'Configuradas el'
    )

    await page
      .locator('[data-pac-environment="test"]')
      .getByRole('button', { name: 'Probar conexión' })
      .click()
    await page.assertTextContains(
      '[data-pac-test-result]',
      'Conexión correcta con el PAC. Folios disponibles: 40.'
    )
  })
})
