/*
 * The owner sees the dashboard's chart and figures; the read-only
 * accountant downloads the monthly report and the month's XML ZIP (the
 * ZIP job is run in this process, as the worker would).
 *
 * The pages talk to the real server and database (no transaction): the
 * companies are left in place, the test database is dropped after the run.
 */
import { test } from '@japa/runner'
import queue from '@rlanz/bull-queue/services/main'
import { readFile } from 'node:fs/promises'
import { TEST_PASSWORD, addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { insertCertificate } from '#tests/helpers/admin'
import { setDocumentsUsed, setPlan } from '#tests/helpers/billing'
import { companyToday } from '#reports/company_calendar'
import BuildArchiveJob, { REPORT_EXPORT_QUEUE } from '#reports/jobs/build_archive_job'

test.group('Reports in the browser', (group) => {
  group.teardown(async () => {
    await queue.getOrSet(REPORT_EXPORT_QUEUE).obliterate({ force: true })
  })

  test('the owner sees the chart and the figures; the accountant downloads the report and the ZIP', async ({
    visit,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const accountant = await createUser()
    await addMember(tenant, accountant, 'READONLY', { isDefault: true })
    const today = companyToday(tenant)
    const first = today.startOf('month').toISODate()!
    const point = await seedPoint(tenant, '001')
    const buyer = { identification: '0926687856', name: 'Juan Carlos Andrade' }
    const invoice = await seedDocument(tenant, {
      issueDate: first,
      point,
      buyer,
      lines: [{ code: 'TAL-1', category: 'iva_15', base: '1234.50', rate: '15' }],
    })

    const owner = await visit('/login')
    await owner.getByLabel('Correo electrónico').fill(user.email)
    await owner.getByLabel('Contraseña').fill(TEST_PASSWORD)
    await owner.getByRole('button', { name: 'Iniciar sesión' }).click()
    await owner.waitForURL('**/app')
    // 1,234.50 + 185.18 IVA, in Ecuador's format.
    const total = new Intl.NumberFormat('es-EC', { style: 'currency', currency: 'USD' }).format(
      1419.68
    )
    await owner.assertTextContains('[data-kpi="this_month"] [data-field="total"]', total)
    await owner.locator('[data-chart="sales-per-month"] canvas').waitFor()
    assert.isTrue(await owner.locator('[data-chart="top-customers"] canvas').isVisible())
    await owner.assertTextContains('[data-status="AUTHORIZED"]', '1')

    // The accountant signs in on the same browser once the owner's session cookie is gone.
    await owner.context().clearCookies()
    const page = await visit('/login')
    await page.getByLabel('Correo electrónico').fill(accountant.email)
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')
    await page.getByRole('link', { name: 'Reportes' }).first().click()
    await page.waitForURL('**/app/reports')
    await page.assertTextContains('[data-tax="iva_15"] [data-field="net_tax"]', '185,18')
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-download="csv"]').click(),
    ])
    const csv = await readFile((await report.path())!, 'utf8')
    assert.include(csv, '1234.50')
    assert.include(csv, '401 · 411 · 421')

    await page.getByRole('link', { name: 'Descargas' }).first().click()
    await page.waitForURL('**/app/archives')
    await page.locator('input[name="month"]').fill(first.slice(0, 7))
    await page.locator('[data-request-zip]').click()
    await page.locator('[data-archive-status="queued"]').waitFor()
    const jobs = await queue.getOrSet(REPORT_EXPORT_QUEUE).getJobs(['waiting', 'delayed'])
    for (const job of jobs) {
      await new BuildArchiveJob().handle(job.data)
      await job.remove()
    }
    await page.locator('[data-download-zip]').waitFor()
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-download-zip]').click(),
    ])
    assert.match(zip.suggestedFilename(), /^comprobantes-.*\.zip$/)
    const bytes = await readFile((await zip.path())!)
    assert.equal(bytes.subarray(0, 2).toString(), 'PK')
    assert.include(bytes.toString('latin1'), `factura-${invoice.number}.xml`)
  })

  test('the owner sees the certificate and plan cards, in Spanish and in English', async ({
    visit,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    await setDocumentsUsed(tenant, 82)
    // Ends in ten days and a few hours: ten whole days left, "expiring".
    await insertCertificate(tenant, new Date(Date.now() + 9.5 * 86_400_000).toISOString())

    const page = await visit('/login')
    await page.getByLabel('Correo electrónico').fill(user.email)
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')
    await page.assertTextContains('[data-field="credential-state"]', 'Por vencer')
    await page.assertTextContains('[data-field="credential-detail"]', '10 días restantes')
    // The card titles are set in capitals (CSS): innerText says "PLAN BÁSICO".
    await page.assertTextContains('[data-card="usage"] h2', 'PLAN BÁSICO')
    await page.assertTextContains('[data-usage="documents"]', '82 de 100')
    await page.assertExists('[data-usage="documents"] [role="progressbar"][aria-valuenow="82"]')

    await page.locator('[data-locale="en"]').first().click()
    await page.assertTextContains('[data-field="credential-state"]', 'Expiring')
    await page.assertTextContains('[data-field="credential-detail"]', '10 days left')
    await page.assertTextContains('[data-card="usage"] h2', 'BASIC PLAN')
    await page.assertTextContains('[data-usage="documents"]', '82 of 100')

    await page.locator('[data-link="credential"]').click()
    await page.waitForURL('**/app/settings/certificates')
  })
})
