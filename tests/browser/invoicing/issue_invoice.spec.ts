/*
 * The invoice flow in Chromium: sign in, create an invoice with two lines,
 * issue it, watch it become authorized by the SRI simulator (a BullMQ
 * worker runs the queued jobs in this process), download the RIDE and see
 * the customer e-mail (mail fake). The pages talk to the real server and
 * database (no transaction): the companies are unique per run and stay,
 * since the audit trail of their documents keeps them (audit_logs refuses
 * the deletion of a company with history).
 */
import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import { readFile } from 'node:fs/promises'
import { tenantContext } from '#tenancy/tenant_context'
import Document from '#documents/models/document'
import { waitUntil } from '#adapters/core/testing/wait_until'
import DocumentMail from '#documents/mail/document_mail'
import { TEST_PASSWORD } from '#tests/helpers/accounts'
import {
  createEcCompany,
  pipelineGroup,
  startQueueWorker,
  type EcCompany,
} from '#tests/helpers/invoicing'

test.group('Invoice in the browser', (group) => {
  let company: EcCompany | undefined
  pipelineGroup(group)
  group.setup(() => {
    const worker = startQueueWorker()
    return () => worker.close()
  })

  test('create an invoice with two lines, issue it, see it authorized, get the PDF and the e-mail', async ({
    visit,
    assert,
  }) => {
    const fake = mail.fake()
    try {
      company = await createEcCompany()
      const page = await visit('/login')
      await page.getByLabel('Correo electrónico').fill(company.user.email)
      await page.getByLabel('Contraseña').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: 'Iniciar sesión' }).click()
      await page.waitForURL('**/app')

      await page.goto(`${new URL(page.url()).origin}/app/documents/create`)
      await page
        .locator('select[name="customerId"]')
        .selectOption({ label: 'Juan Carlos Andrade · 0926687856' })

      // Line 1 from the product catalog: code fills description, price and tax.
      const first = page.locator('[data-line="0"]')
      await first.getByLabel('Código', { exact: true }).fill('SKU-001')
      await first.getByLabel('Código', { exact: true }).dispatchEvent('change')
      await assert.equal(
        await first.getByLabel('Descripción').inputValue(),
        'Taladro percutor 650 W'
      )

      // Line 2 typed by hand, IVA 0 %.
      await page.locator('[data-test="add-line"]').click()
      const second = page.locator('[data-line="1"]')
      await second.getByLabel('Código', { exact: true }).fill('SRV-01')
      await second.getByLabel('Descripción').fill('Instalación')
      await second.getByLabel('Cantidad').fill('2')
      await second.getByLabel('Precio unitario').fill('20,50')
      await second.getByLabel('IVA').selectOption('iva_0')

      // Live totals: 120 + 41 + IVA 15 % of 120 = 179.00
      await page.locator('[data-test="form-total"]').filter({ hasText: '179,00' }).waitFor()

      // "Emitir" asks first: customer, total and environment.
      await page.locator('[data-test="issue"]').click()
      const confirm = page.getByRole('alertdialog')
      assert.equal(
        await confirm.locator('[data-test="confirm-customer"]').innerText(),
        'Juan Carlos Andrade · 0926687856'
      )
      assert.include(await confirm.locator('[data-test="confirm-total"]').innerText(), '179,00')
      assert.equal(
        await confirm.locator('[data-test="confirm-environment"]').innerText(),
        'Pruebas'
      )
      await confirm.locator('[data-test="confirm-issue"]').click()
      await page.waitForURL(/\/app\/documents\/\d+$/)
      assert.match(
        await page.locator('[data-test="document-title"]').innerText(),
        /Factura 001-001-000000001/
      )

      // The worker submits and polls; once the row says so, the page does too.
      const documentId = Number(new URL(page.url()).pathname.split('/').pop())
      const issuer = company
      await waitUntil(
        'the worker to get the invoice authorized',
        () =>
          tenantContext.run(issuer.tenant, async () => {
            const document = await Document.findOrFail(documentId)
            return document.status === 'AUTHORIZED'
          }),
        { timeoutMs: 60_000, intervalMs: 100 }
      )
      await page.reload()
      await page.locator('[data-test="document-title"] [data-status="AUTHORIZED"]').waitFor()
      await page.locator('[data-test="timeline"] [data-kind="authorized"]').waitFor()

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test="download-pdf"]').click(),
      ])
      assert.equal(download.suggestedFilename(), 'factura-001-001-000000001.pdf')
      const pdf = await readFile((await download.path())!)
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')

      // The e-mail job runs after the authorization.
      await waitUntil(
        'the e-mail job to send the invoice',
        () => fake.mails.sent().some((message) => message instanceof DocumentMail),
        { timeoutMs: 30_000 }
      )
      fake.mails.assertSent(DocumentMail, ({ message }) => {
        message.assertTo('juan.andrade@example.com')
        return true
      })
      await page.reload()
      const emailStatus = await page.locator('[data-test="email-status"]').innerText()
      assert.equal(emailStatus.trim(), 'Enviado')
    } finally {
      mail.restore()
    }
  })

  test('a customer created in the form dialog is chosen and the invoice issued without leaving', async ({
    visit,
    assert,
  }) => {
    const own = await createEcCompany()
    const page = await visit('/login')
    await page.getByLabel('Correo electrónico').fill(own.user.email)
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')
    await page.goto(`${new URL(page.url()).origin}/app/documents/create`)

    // A line typed first stays while the customer is created.
    const line = page.locator('[data-line="0"]')
    await line.getByLabel('Código', { exact: true }).fill('SKU-001')
    await line.getByLabel('Código', { exact: true }).dispatchEvent('change')

    await page.locator('[data-quick-customer]').click()
    const dialog = page.getByRole('dialog')
    await dialog.locator('#identificationType').selectOption('05')
    // A wrong check digit first: the message appears next to the field, in the dialog.
    await dialog.locator('#identification').fill('1710034066')
    await dialog.locator('#legalName').fill('Ferretería El Tornillo')
    await dialog.locator('#emails').fill('compras@tornillo.example.com')
    await dialog.getByRole('button', { name: 'Guardar y usar en esta factura' }).click()
    await dialog.locator('#identification-error').waitFor()
    await dialog.locator('#identification').fill('1710034065')
    await dialog.getByRole('button', { name: 'Guardar y usar en esta factura' }).click()
    await dialog.waitFor({ state: 'detached' })

    const chosen = page.locator('select[name="customerId"] option:checked')
    assert.equal(await chosen.innerText(), 'Ferretería El Tornillo · 1710034065')
    assert.equal(await line.getByLabel('Descripción').inputValue(), 'Taladro percutor 650 W')

    await page.locator('[data-test="issue"]').click()
    await page.locator('[data-test="confirm-issue"]').click()
    await page.waitForURL(/\/app\/documents\/\d+$/)
    assert.match(
      await page.locator('[data-test="document-title"]').innerText(),
      /Factura 001-001-000000001/
    )
    assert.include(await page.locator('main').innerText(), 'Ferretería El Tornillo')
  })
})
