import { test } from '@japa/runner'
import type { Worker } from 'bullmq'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import { createCompany, TEST_PASSWORD } from '#tests/helpers/accounts'
import { csv, nthCedula, startImportWorker } from '#tests/helpers/catalog'
import { INSPECT } from '#tests/helpers/tenancy'

/**
 * An operator's day with the catalogs in Chromium: a customer with a
 * mistyped cédula (the message shows next to the field), fixed and saved;
 * a product; a small CSV import followed to the end through the queue (a
 * worker for the import queue runs in this process).
 *
 * The pages talk to the real server and database (no transaction): the
 * company is new on every run.
 */
test.group('Catalogs in Chromium', (group) => {
  let worker: Worker | undefined
  group.setup(() => {
    worker = startImportWorker()
    return () => worker?.close()
  })

  test('customer with an invalid cédula, product, CSV import', async ({ visit, assert }) => {
    const { tenant, user } = await createCompany('OPERATOR')

    const page = await visit('/login')
    await page.getByLabel('Correo electrónico').fill(user.email)
    await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.waitForURL('**/app')

    // 1. A customer: the wrong check digit is explained next to the field.
    await page.getByRole('link', { name: 'Clientes' }).click()
    await page.assertTextContains('h1', 'Clientes')
    await page.assertTextContains('main', 'Todavía no tienes clientes')
    await page.getByRole('link', { name: 'Nuevo cliente' }).first().click()
    await page.getByLabel('Tipo de identificación').selectOption({ label: 'Cédula' })
    await page.getByLabel('Identificación', { exact: true }).fill('1710034066')
    await page.getByLabel('Razón social o nombre').fill('Juan Carlos Andrade')
    await page.getByLabel('Correos').fill('juan@example.com')
    await page.getByRole('button', { name: 'Crear cliente' }).click()
    await page.assertTextContains(
      '#identification-error',
      'La cédula no es válida: el dígito verificador no coincide.'
    )
    await page.assertExists('#identification[aria-invalid="true"]')
    // Nothing typed was lost.
    assert.equal(await page.getByLabel('Razón social o nombre').inputValue(), 'Juan Carlos Andrade')

    await page.getByLabel('Identificación', { exact: true }).fill('1710034065')
    // Enter submits: the form works from the keyboard.
    await page.getByLabel('Identificación', { exact: true }).press('Enter')
    await page.waitForURL('**/app/customers')
    await page.assertVisible(
      page.getByRole('status').filter({ hasText: 'Cliente Juan Carlos Andrade creado.' })
    )
    await page.assertTextContains('table', '1710034065')

    // 2. A product with a decimal comma.
    await page.getByRole('link', { name: 'Productos' }).click()
    await page.getByRole('link', { name: 'Nuevo producto' }).first().click()
    await page.getByLabel('Código').fill('MAR-16OZ')
    await page.getByLabel('Descripción').fill('Martillo de uña 16 oz')
    await page.getByLabel('Precio unitario (USD)').fill('8,75')
    await page.getByLabel('Impuesto').selectOption({ label: 'IVA 15 %' })
    await page.getByRole('button', { name: 'Crear producto' }).click()
    await page.waitForURL('**/app/products')
    await page.assertTextContains('table', 'MAR-16OZ')
    await page.assertTextContains('table', '8,75')

    // 3. A small CSV import, one row in error.
    await page.getByRole('link', { name: 'Clientes' }).click()
    // The products page has an "Importar CSV" link too: wait until we left it.
    await page.waitForURL('**/app/customers')
    await page.getByRole('link', { name: 'Importar CSV' }).click()
    await page.assertTextContains('h1', 'Importar clientes')
    await page.getByLabel('Archivo CSV').setInputFiles({
      name: 'clientes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        csv([
          ['Tipo de identificación', 'Identificación', 'Razón social', 'Correo'],
          ['Cédula', nthCedula(11), 'María Chiriboga', 'maria@example.com'],
          ['RUC', '0990004196001', 'Constructora del Pacífico S.A.', ''],
          ['Cédula', '1234567890', 'Cédula Inválida', ''],
        ])
      ),
    })
    await page.getByRole('button', { name: 'Subir y revisar' }).click()
    await page.waitForURL(/\/app\/imports\/\d+$/)
    await page.assertTextContains('main', 'clientes.csv: 3 filas.')
    // The columns were recognised from their Spanish headers.
    assert.equal(await page.getByLabel('Razón social o nombre (obligatorio)').inputValue(), '2')
    await page.assertTextContains('table', 'María Chiriboga')
    await page.getByRole('button', { name: 'Importar 3 filas' }).click()

    // The page polls the progress until the worker is done.
    await page
      .getByRole('status')
      .filter({ hasText: 'Se importaron 2 de 3 filas.' })
      .waitFor({ timeout: 30_000 })
    await page.assertExists('[role="progressbar"][aria-valuenow="100"]')
    await page.assertTextContains('table', 'La cédula no es válida')
    await page.assertTextContains('table', '4')

    const customers = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .orderBy('legal_name')
    assert.deepEqual(
      customers.map((row) => row.legalName),
      ['Constructora del Pacífico S.A.', 'Juan Carlos Andrade', 'María Chiriboga']
    )
    const product = await Product.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(product.unitPrice, '8.750000')
  })
})
