/*
 * A Panama invoice in Chromium, as the demo owner of Distribuidora Istmo:
 * two lines (one exempt, one at ITBMS 7 %), issued through the
 * confirmation dialog, authorized by the HKA simulator with its CUFE, the
 * CAFE downloaded and its QR read (the DGI's URL with that CUFE), then
 * voided with a reason through "Anular". Every figure the pages show is
 * compared with the one computed by hand, in balboas (B/.).
 *
 * A BullMQ worker runs the queued jobs in this process. The pages talk to
 * the real server and database (no transaction); the demo company is the
 * seed's. The document is deleted afterwards: a VOIDED row would stop the
 * run's final rollback of the migrations (the status check before voiding
 * existed cannot be restored over it).
 */
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { readFile } from 'node:fs/promises'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import { waitUntil } from '#adapters/core/testing/wait_until'
import Document from '#documents/models/document'
import { tenantContext } from '#tenancy/tenant_context'
import { startQueueWorker } from '#tests/helpers/invoicing'
import { hkaSimulatorGroup, istmo } from '#tests/helpers/panama'
import { pdfQrCode } from '#tests/helpers/pdf'

/** Text as a reader sees it: no-break spaces (Intl puts one after B/.) as spaces. */
async function seen(page: Page, selector: string) {
  const text = await page.locator(selector).innerText()
  return text.replace(/\u00a0/g, ' ').trim()
}

test.group('Panama invoice in the browser', (group) => {
  const hka = hkaSimulatorGroup(group)
  group.setup(() => {
    const worker = startQueueWorker()
    return () => worker.close()
  })

  test('issue an exempt line and a 7 % line, see the CUFE, read the CAFE QR, void it', async ({
    browserContext,
    assert,
    cleanup,
  }) => {
    const company = await istmo()
    const page = await browserContext.newPage()
    // The first page of a run waits for Vite to compile the client (slow on a busy machine).
    page.setDefaultNavigationTimeout(120_000)
    await page.goto('/login')
    await page.getByLabel('Correo electrónico').fill('propietario@istmo.test')
    await page.getByLabel('Contraseña', { exact: true }).fill('Demo-istmo-2024')
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')

    await page.goto(`${new URL(page.url()).origin}/app/documents/create`)
    await page.locator('select[name="customerId"]').selectOption(String(company.customer.id))

    // Line 1: rice, exempt of ITBMS, 2 × 3.95 = 7.90.
    const first = page.locator('[data-line="0"]')
    await first.getByLabel('Código', { exact: true }).fill('ARR-5LB')
    await first.getByLabel('Código', { exact: true }).dispatchEvent('change')
    assert.equal(
      await first.getByLabel('Descripción').inputValue(),
      'Arroz especial, bolsa de 5 lb'
    )
    await first.getByLabel('Cantidad').fill('2')
    // The tax of a line is Panama's ITBMS, with its rates.
    assert.equal(await first.getByLabel('ITBMS').inputValue(), 'itbms_exento')

    // Line 2: detergent, ITBMS 7 %, 1 × 6.50 = 6.50, tax 0.455.
    await page.locator('[data-test="add-line"]').click()
    const second = page.locator('[data-line="1"]')
    await second.getByLabel('Código', { exact: true }).fill('DET-2KG')
    await second.getByLabel('Código', { exact: true }).dispatchEvent('change')
    await assert.equal(
      await second.getByLabel('Descripción').inputValue(),
      'Detergente en polvo 2 kg'
    )
    assert.equal(await second.getByLabel('ITBMS').inputValue(), 'itbms_7')

    // Panama's payment forms (formaPagoFact), not Ecuador's.
    const methods = await page
      .locator('[data-payment="0"] select option')
      .evaluateAll((options) => options.map((option) => option.textContent?.trim()))
    assert.includeMembers(methods, [
      'Crédito',
      'Efectivo',
      'Tarjeta de crédito',
      'Transferencia o depósito a cuenta bancaria',
    ])
    assert.notInclude(methods.join('|'), 'sistema financiero')

    // By hand: 7.90 + 6.50 = 14.40; ITBMS 7 % of 6.50 = 0.455 → 0.46; total 14.855 → 14.86.
    await page.locator('[data-test="form-total"]').filter({ hasText: '14.86' }).waitFor()
    assert.equal(await seen(page, '[data-test="form-total"]'), 'B/. 14.86')
    const summary = await seen(page, '[data-test="form-totals"]')
    assert.include(summary, 'B/. 14.40')
    assert.include(summary, 'ITBMS 7%')
    assert.include(summary, 'B/. 0.46')
    assert.notInclude(summary, 'IVA')

    await page.locator('[data-test="issue"]').click()
    const confirm = page.getByRole('alertdialog')
    assert.equal(await seen(page, '[data-test="confirm-total"]'), 'B/. 14.86')
    assert.equal(
      await confirm.locator('[data-test="confirm-environment"]').innerText(),
      'Demo (pruebas)'
    )
    await confirm.locator('[data-test="confirm-issue"]').click()
    await page.waitForURL(/\/app\/documents\/\d+$/)
    assert.match(
      await page.locator('[data-test="document-title"]').innerText(),
      /Factura 0000-001-\d{10}/
    )

    // HKA answers Enviar at once; the worker applies the answer.
    const documentId = Number(new URL(page.url()).pathname.split('/').pop())
    cleanup(() =>
      tenantContext.run(company.tenant, async () => {
        await Document.query().where('id', documentId).delete()
      })
    )
    await waitUntil(
      'the worker to get the invoice authorized by the HKA simulator',
      () =>
        tenantContext.run(company.tenant, async () => {
          const document = await Document.findOrFail(documentId)
          return document.status === 'AUTHORIZED'
        }),
      { timeoutMs: 60_000, intervalMs: 100 }
    )
    await page.reload()
    await page.locator('[data-test="document-title"] [data-status="AUTHORIZED"]').waitFor()
    const sent = hka.simulator.state.find((entry) => entry.cufe)!
    assert.isTrue(isValidCufe(sent.cufe))
    assert.equal(await seen(page, '[data-test="access-key"]'), sent.cufe)
    assert.equal(await seen(page, '[data-test="access-key-label"]'), 'CUFE')
    assert.equal(await seen(page, '[data-test="total"]'), 'B/. 14.86')
    const taxLines = await page.locator('[data-test="tax-line"]').allInnerTexts()
    assert.deepEqual(
      taxLines.map((text) => text.replace(/\s+/g, ' ').trim()),
      ['ITBMS 0% B/. 0.00', 'ITBMS 7% B/. 0.46']
    )
    const main = await page.locator('main').innerText()
    assert.notMatch(main, /\bIVA\b|\bSRI\b|clave de acceso|RIDE/i)

    // The CAFE: its QR is the DGI's verification URL for this CUFE.
    const pdfLink = page.locator('[data-test="download-pdf"]')
    assert.include(await pdfLink.innerText(), 'CAFE')
    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()])
    const pdf = await readFile((await download.path())!)
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    const qr = await pdfQrCode(pdf)
    assert.isNotNull(qr)
    assert.match(qr!, /^https:\/\/dgi-fep(-test)?\.mef\.gob\.pa(:\d+)?\/Consultas\/FacturasPorQR\?/)
    assert.equal(new URL(qr!).searchParams.get('chFE'), sent.cufe)

    // "Anular" asks the reason, then the document is VOIDED.
    await page.locator('[data-test="void-open"]').click()
    const dialog = page.locator('[data-test="void-dialog"]')
    await dialog.locator('[data-test="void-reason"]').fill('El cliente no retiró la mercadería')
    await dialog.locator('[data-test="void-submit"]').click()
    await page.locator('[data-test="document-title"] [data-status="VOIDED"]').waitFor()
    assert.equal(await seen(page, '[data-test="document-title"] [data-status="VOIDED"]'), 'Anulado')
    assert.include(await seen(page, '[data-test="voided"]'), 'El cliente no retiró la mercadería')
    await page.locator('[data-test="timeline"] [data-kind="voided"]').waitFor()
    const voided = await tenantContext.run(company.tenant, () => Document.findOrFail(documentId))
    assert.equal(voided.status, 'VOIDED')
    assert.equal(hka.simulator.stats.calls.AnulacionDocumento, 1)
  }).timeout(240_000)
})
