import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import CatalogImport from '#catalog/models/catalog_import'
import RunImport, { type ImportProgress } from '#catalog/actions/run_import'
import ImportCatalogJob from '#catalog/jobs/import_catalog_job'
import AnalyzeImportJob from '#catalog/jobs/analyze_import_job'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantNotFoundException } from '#tenancy/errors'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import {
  analyzeQueuedImport,
  createCustomer,
  createProduct,
  csv,
  nthCedula,
  takeQueuedJob,
} from '#tests/helpers/catalog'
import type User from '#accounts/models/user'
import type { ApiClient } from '@japa/api-client'
import { INSPECT, reload } from '#tests/helpers/tenancy'

const CUSTOMER_HEADER = [
  'Tipo de identificación',
  'Identificación',
  'Razón social',
  'Correo',
  'Teléfono',
]

/**
 * Uploads a file and, unless told not to, does what the worker then does
 * with it: reads it (AnalyzeImportJob). The upload request itself only
 * stores the bytes.
 */
async function upload(
  client: ApiClient,
  user: User,
  body: string | Buffer,
  options: { kind?: string; encoding?: string; filename?: string; analyze?: boolean } = {}
) {
  const request = client
    .post('/app/imports')
    .field('kind', options.kind ?? 'customers')
    .file('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), {
      filename: options.filename ?? 'clientes.csv',
      contentType: 'text/csv',
    })
    .header('referer', '/app/imports/new')
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
  if (options.encoding) request.field('encoding', options.encoding)
  const response = await request
  const importId = Number(response.header('location')?.match(/^\/app\/imports\/(\d+)$/)?.[1])
  if (importId && options.analyze !== false) await analyzeQueuedImport(importId)
  return response
}

function importsOf(tenantId: number) {
  return CatalogImport.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenantId)
    .orderBy('id')
}

async function startWithGuessedMapping(client: ApiClient, user: User, record: CatalogImport) {
  return client
    .post(`/app/imports/${record.id}/start`)
    .json({ mapping: record.mapping })
    .header('referer', `/app/imports/${record.id}`)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
}

test.group('CSV import of customers', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.timeout(60_000)

  test('10,000 rows with 3 bad ones: 9,997 imported, the 3 reported with line and reason', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    const rows: string[][] = [CUSTOMER_HEADER]
    for (let index = 0; index < 10_000; index++) {
      rows.push(['05', nthCedula(index), `Cliente ${index}`, `cliente${index}@example.com`, ''])
    }
    // rows[n] is line n + 1 of the file (the header, rows[0], is line 1).
    rows[101] = ['05', '1710034066', 'Dígito malo', '', '']
    rows[5001] = ['05', nthCedula(77_777), '', '', '']
    rows[9999] = ['cédula', nthCedula(3), 'Repetido', '', '']

    const uploaded = await upload(client, user, csv(rows, ';'))
    const [record] = await importsOf(tenant.id)
    uploaded.assertHeader('location', `/app/imports/${record.id}`)
    assert.equal(record.status, 'uploaded')
    assert.equal(record.delimiter, ';')
    assert.equal(record.totalRows, 10_000)
    // Spanish headers were matched to their fields.
    assert.deepEqual(record.mapping, {
      identificationType: 0,
      identification: 1,
      legalName: 2,
      emails: 3,
      phone: 4,
    })

    const preview = await client.get(`/app/imports/${record.id}`).loginAs(user).withInertia()
    preview.assertInertiaComponent('catalog/imports/show')
    assert.lengthOf((preview.inertiaProps as any).preview, 5)
    assert.deepEqual((preview.inertiaProps as any).preview[0].line, 2)

    const started = await startWithGuessedMapping(client, user, record)
    started.assertHeader('location', `/app/imports/${record.id}`)
    const job = await takeQueuedJob(record.id)
    assert.deepEqual(job?.data, { tenantId: tenant.id, importId: record.id })
    await reload(record)
    assert.equal(record.status, 'queued')

    // What the worker does with the job.
    await new ImportCatalogJob().handle(job!.data)

    await reload(record)
    assert.equal(record.status, 'completed')
    assert.equal(record.importedRows, 9_997)
    assert.equal(record.errorRows, 3)
    assert.deepEqual(
      record.errors.map((error) => [error.line, error.field]),
      [
        [102, 'identification'],
        [5002, 'legalName'],
        [10_000, 'identification'],
      ]
    )
    assert.equal(
      record.errors[0].message,
      'La cédula no es válida: el dígito verificador no coincide.'
    )
    assert.equal(record.errors[1].message, 'Completa el campo razón social.')
    assert.equal(record.errors[2].message, 'Repetido: la línea 5 ya tiene este dato.')
    const count = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .count('* as total')
    assert.equal(Number(count[0].$extras.total), 9_997)
    const sample = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('identification', nthCedula(42))
      .firstOrFail()
    assert.deepEqual(sample.emails, ['cliente42@example.com'])

    const progress = await client.get(`/app/imports/${record.id}/progress`).loginAs(user)
    progress.assertStatus(200)
    progress.assertBodyContains({
      status: 'completed',
      progress: 100,
      totalRows: 10_000,
      importedRows: 9_997,
      errorRows: 3,
      finished: true,
    })

    const report = await client.get(`/app/imports/${record.id}/errors`).loginAs(user)
    const lines = report
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    assert.equal(lines[0], 'Línea,Campo,Motivo')
    assert.equal(
      lines[1],
      '102,Identificación,La cédula no es válida: el dígito verificador no coincide.'
    )
    assert.lengthOf(lines, 4)

    // A finished import cannot be started again.
    const again = await startWithGuessedMapping(client, user, record)
    again.assertFlashMessage(
      'error',
      'Esta importación ya se inició. Para importar otra vez, sube el archivo de nuevo.'
    )
  })

  test('progress is saved while the rows are checked, and the page sees it', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const rows: string[][] = [CUSTOMER_HEADER]
    for (let index = 0; index < 2_000; index++) {
      rows.push(['05', nthCedula(index), `Cliente ${index}`, '', ''])
    }
    await upload(client, user, csv(rows))
    const [record] = await importsOf(tenant.id)
    await startWithGuessedMapping(client, user, record)
    await takeQueuedJob(record.id)

    const snapshots: ImportProgress[] = []
    const polled: Array<{ status: string; progress: number; processedRows: number }> = []
    await tenantContext.run(tenant, () =>
      new RunImport({
        progressEvery: 250,
        onProgress: async (progress) => {
          snapshots.push(progress)
          // Ask the page's endpoint what it sees right now, mid-run.
          if (progress.status === 'validating' && progress.processedRows === 1_000) {
            const response = await client.get(`/app/imports/${record.id}/progress`).loginAs(user)
            polled.push(response.body())
          }
        },
      }).handle(record.id)
    )
    const validating = snapshots.filter((item) => item.status === 'validating')
    assert.deepEqual(
      validating.map((item) => item.processedRows).filter((value) => value > 0),
      [250, 500, 750, 1000, 1250, 1500, 1750]
    )
    assert.lengthOf(polled, 1)
    assert.equal(polled[0].status, 'validating')
    assert.equal(polled[0].processedRows, 1_000)
    assert.equal(polled[0].progress, 30)
    assert.deepEqual(snapshots.at(-1), {
      status: 'completed',
      totalRows: 2_000,
      processedRows: 2_000,
      importedRows: 2_000,
    })
  })

  test('a file with broken encoding gets a clear error and nothing is stored', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const latin1 = Buffer.from(
      csv([CUSTOMER_HEADER, ['05', '1710034065', 'Ñandú Cía. Ltda.', '', '']]),
      'latin1'
    )
    const response = await upload(client, user, latin1)
    const [refused] = await importsOf(tenant.id)
    response.assertHeader('location', `/app/imports/${refused.id}`)
    assert.equal(refused.status, 'failed')
    assert.equal(
      refused.failure,
      'El archivo no se puede leer como UTF-8: tiene caracteres dañados o está en otra codificación. Guárdalo como «CSV UTF-8» o elige la otra codificación al subirlo. No se importó nada.'
    )
    // The import page says so; it offers no mapping and nothing was imported.
    const page = await client.get(`/app/imports/${refused.id}`).loginAs(user).withInertia()
    assert.equal((page.inertiaProps as any).record.failure, refused.failure)
    assert.deepEqual((page.inertiaProps as any).preview, [])
    assert.lengthOf(
      await Customer.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      0
    )

    // The same file, declared as Windows-1252, reads correctly.
    await upload(client, user, latin1, { encoding: 'windows-1252' })
    const [, record] = await importsOf(tenant.id)
    await startWithGuessedMapping(client, user, record)
    await new ImportCatalogJob().handle((await takeQueuedJob(record.id))!.data)
    const customer = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(customer.legalName, 'Ñandú Cía. Ltda.')

    // A UTF-8 file declared as Windows-1252 is refused too, not imported as "Ã‘".
    await upload(
      client,
      user,
      csv([CUSTOMER_HEADER, ['05', '1710034065', 'Peñaherrera', '', '']]),
      { encoding: 'windows-1252' }
    )
    const [, , mojibake] = await importsOf(tenant.id)
    assert.equal(mojibake.status, 'failed')
    assert.include(mojibake.failure, 'Windows-1252')
  })

  test('unreadable files: Excel workbooks, unclosed quotes, header only', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const xlsx = await upload(client, user, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), {
      filename: 'clientes.csv',
    })
    xlsx.assertValidationError(
      'file',
      'Este archivo es una hoja de Excel, no un CSV. Ábrelo en Excel y guárdalo como «CSV UTF-8 (delimitado por comas)».'
    )
    const empty = await upload(client, user, '')
    empty.assertHasValidationError('file')
    // Those two need only the first bytes: refused by the upload itself.
    assert.lengthOf(await importsOf(tenant.id), 0)

    // The rest needs the whole file: the worker reads it and the import page tells.
    await upload(
      client,
      user,
      'Tipo,Identificación,Razón social\n05,1710034065,"Sin cerrar\n05,0912345675,Otro\n'
    )
    await upload(client, user, 'Tipo,Identificación,Razón social\n')
    const [quote, headerOnly] = await importsOf(tenant.id)
    assert.equal(
      quote.failure,
      'El archivo tiene comillas sin cerrar cerca de la línea 2. Corrígelo y vuelve a subirlo. No se importó nada.'
    )
    assert.equal(
      headerOnly.failure,
      'El archivo solo tiene la fila de títulos: no hay filas para importar.'
    )
    assert.deepEqual([quote.status, headerOnly.status], ['failed', 'failed'])
    const pdf = await upload(client, user, 'x', { filename: 'clientes.pdf' })
    pdf.assertHasValidationError('file')
  })

  test('missing required columns: clear error, nothing queued, nothing imported', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await upload(
      client,
      user,
      csv([
        ['Tipo de identificación', 'Identificación', 'Correo'],
        ['05', '1710034065', 'a@example.com'],
      ])
    )
    const [record] = await importsOf(tenant.id)
    assert.notProperty(record.mapping, 'legalName')

    const response = await startWithGuessedMapping(client, user, record)
    response.assertValidationError(
      'mapping.legalName',
      'Faltan columnas obligatorias: Razón social. Asígnalas a columnas del archivo; si el archivo no las tiene, agrégalas y vuelve a subirlo. No se importó nada.'
    )
    await reload(record)
    assert.equal(record.status, 'uploaded')
    assert.isUndefined(await takeQueuedJob(record.id))

    // One column cannot feed two fields.
    const twice = await client
      .post(`/app/imports/${record.id}/start`)
      .json({ mapping: { identificationType: 0, identification: 1, legalName: 1 } })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    twice.assertValidationError(
      'mapping.legalName',
      'Cada columna del archivo puede alimentar un solo campo.'
    )

    // Should a queued import reach the worker without them, it fails the same way.
    await CatalogImport.query({ withoutTenantScope: INSPECT })
      .where('id', record.id)
      .update({ status: 'queued' })
    await new ImportCatalogJob().handle({ tenantId: tenant.id, importId: record.id })
    await reload(record)
    assert.equal(record.status, 'failed')
    assert.match(record.failure!, /^Faltan columnas obligatorias: Razón social\./)
    assert.lengthOf(
      await Customer.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      0
    )
  })

  test('rows that already exist in the company are reported, not duplicated', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createCustomer(tenant, { identification: nthCedula(1), legalName: 'Ya Estaba' })
    await upload(
      client,
      user,
      csv([
        ['identification_type', 'identification', 'legal_name', 'emails'],
        ['05', nthCedula(1), 'Duplicado', ''],
        ['Consumidor final', '', 'Consumidor final', ''],
        ['RUC', '1710034065001', 'Natural con RUC', 'x@example.com, y@example.com'],
      ])
    )
    const [record] = await importsOf(tenant.id)
    await startWithGuessedMapping(client, user, record)
    await new ImportCatalogJob().handle((await takeQueuedJob(record.id))!.data)
    await reload(record)
    assert.equal(record.importedRows, 2)
    assert.deepEqual(record.errors, [
      {
        line: 2,
        field: 'identification',
        message: 'Ya existe un cliente con esta identificación: Ya Estaba.',
      },
    ])
    const imported = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .whereNot('legal_name', 'Ya Estaba')
      .orderBy('id')
    assert.deepEqual(
      imported.map((row) => [row.identificationType, row.identification, row.emails]),
      [
        ['07', '9999999999999', []],
        ['04', '1710034065001', ['x@example.com', 'y@example.com']],
      ]
    )
  })

  test('a failure while saving leaves no row of the file behind', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const rows: string[][] = [CUSTOMER_HEADER]
    for (let index = 0; index < 1_500; index++) {
      rows.push(['05', nthCedula(index), `Cliente ${index}`, '', ''])
    }
    await upload(client, user, csv(rows))
    const [record] = await importsOf(tenant.id)
    await startWithGuessedMapping(client, user, record)
    await takeQueuedJob(record.id)

    let injected = false
    await tenantContext.run(tenant, () =>
      new RunImport({
        onProgress: async (progress) => {
          // After the rows were checked, someone saves a customer the file
          // also has (row 1,400, in the third batch of 500): the insert fails.
          if (progress.status === 'importing' && !injected) {
            injected = true
            await createCustomer(tenant, { identification: nthCedula(1_399), legalName: 'Intruso' })
          }
        },
      }).handle(record.id)
    )
    await reload(record)
    assert.isTrue(injected)
    assert.equal(record.status, 'failed')
    assert.equal(record.importedRows, 0)
    assert.equal(
      record.failure,
      'Mientras se importaba, alguien registró datos repetidos. No se importó nada; vuelve a subir el archivo.'
    )
    const left = await Customer.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id)
    assert.deepEqual(
      left.map((row) => row.legalName),
      ['Intruso']
    )
  })

  test('Panama customers: RUC, DV and taxpayer type from labels', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    await upload(
      client,
      user,
      csv([
        ['Tipo de cliente', 'RUC', 'DV', 'Tipo de contribuyente', 'Razón social'],
        ['Contribuyente', '155596713-2-2015', '59', 'Persona jurídica', 'Importadora del Canal'],
        ['01', '8-123-456', '90', '1', 'DV equivocado'],
      ])
    )
    const [record] = await importsOf(tenant.id)
    assert.include(record.mapping!, { checkDigits: 2, taxpayerType: 3 })
    await startWithGuessedMapping(client, user, record)
    await new ImportCatalogJob().handle((await takeQueuedJob(record.id))!.data)
    await reload(record)
    assert.equal(record.importedRows, 1)
    assert.deepEqual(
      record.errors.map((error) => [error.line, error.field]),
      [[3, 'checkDigits']]
    )
    const saved = await Customer.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.include(saved.$attributes, {
      identificationType: '01',
      checkDigits: '59',
      taxpayerType: '2',
    })
  })
})

test.group('CSV import of products', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('prices with decimal comma, tax labels, stock; bad rows reported', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OPERATOR')
    await createProduct(tenant, { code: 'EXISTE' })
    await upload(
      client,
      user,
      csv(
        [
          ['Código', 'Descripción', 'Precio', 'IVA', 'Stock', 'Unidad'],
          ['TOR-1', 'Tornillo', '0,123456', 'IVA 15 %', '2500', 'unidad'],
          ['SRV-1', 'Servicio "premium"', '15', 'iva_0', '', 'hora'],
          ['MAL-1', 'Precio malo', '1.234,56', 'IVA 15 %', '', ''],
          ['MAL-2', 'Impuesto malo', '3', 'ITBMS 7 %', '', ''],
          ['existe', 'Código repetido', '3', 'iva_15', '', ''],
          ['TOR-1', 'Repetido en el archivo', '3', 'iva_15', '', ''],
        ],
        ';'
      ),
      { kind: 'products', filename: 'productos.csv' }
    )
    const [record] = await importsOf(tenant.id)
    assert.deepEqual(record.mapping, {
      code: 0,
      description: 1,
      unitPrice: 2,
      taxCategory: 3,
      stock: 4,
      unit: 5,
    })
    await startWithGuessedMapping(client, user, record)
    await new ImportCatalogJob().handle((await takeQueuedJob(record.id))!.data)
    await reload(record)
    assert.equal(record.status, 'completed')
    assert.equal(record.importedRows, 2)
    assert.deepEqual(
      record.errors.map((error) => [error.line, error.field]),
      [
        [4, 'unitPrice'],
        [5, 'taxCategory'],
        [6, 'code'],
        [7, 'code'],
      ]
    )
    const products = await Product.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .whereIn('code', ['TOR-1', 'SRV-1'])
      .orderBy('code')
    assert.deepEqual(
      products.map((row) => [row.code, row.unitPrice, row.taxCategory, row.trackStock, row.stock]),
      [
        ['SRV-1', '15.000000', 'iva_0', false, null],
        ['TOR-1', '0.123456', 'iva_15', true, '2500.000000'],
      ]
    )
  })

  test('each kind needs its own manage permission', async ({ client, assert }) => {
    const { tenant } = await createCompany('OWNER')
    const reader = await createUser()
    await addMember(tenant, reader, 'READONLY', { isDefault: true })
    const page = await client.get('/app/imports/new?kind=products').loginAs(reader).withInertia()
    page.assertStatus(403)
    const response = await client
      .post('/app/imports')
      .field('kind', 'customers')
      .file('file', Buffer.from(csv([CUSTOMER_HEADER, ['05', '1710034065', 'X Y', '', '']])), {
        filename: 'c.csv',
      })
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(403)
    assert.lengthOf(await importsOf(tenant.id), 0)
  })

  test('the job runs in the company of its payload; a vanished import is skipped', async ({
    assert,
  }) => {
    // No company, no run: the job fails rather than guessing a tenant.
    await assert.rejects(
      () => new ImportCatalogJob().handle({ tenantId: 2_147_483_000, importId: 1 }),
      TenantNotFoundException as any
    )
    const { tenant } = await createCompany('OWNER')
    await new ImportCatalogJob().handle({ tenantId: tenant.id, importId: 2_147_483_000 })
    assert.lengthOf(await importsOf(tenant.id), 0)
  })

  test('after its last retry the job marks an unfinished import failed', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await upload(client, user, csv([CUSTOMER_HEADER, ['05', '1710034065', 'X Y', '', '']]))
    const [record] = await importsOf(tenant.id)
    await startWithGuessedMapping(client, user, record)
    const job = await takeQueuedJob(record.id)
    await new ImportCatalogJob().rescue(job!.data, new Error('worker crashed'))
    await reload(record)
    assert.equal(record.status, 'failed')
    assert.equal(
      record.failure,
      'La importación falló por un error inesperado. No se importó nada; inténtalo de nuevo.'
    )
  })

  test('the upload only stores the file; the worker reads it, once', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const file = csv([
      CUSTOMER_HEADER,
      ...Array.from({ length: 7 }, (_, index) => ['05', nthCedula(index), `C ${index}`, '', '']),
    ])
    const response = await upload(client, user, file, { analyze: false })
    const [record] = await importsOf(tenant.id)
    response.assertHeader('location', `/app/imports/${record.id}`)
    // Nothing of the file was read by the request.
    assert.equal(record.status, 'analyzing')
    assert.deepEqual([record.headers, record.preview, record.totalRows], [[], [], 0])
    assert.equal(record.content.toString('utf8'), file)

    // The page waits for the worker.
    const page = await client.get(`/app/imports/${record.id}`).loginAs(user).withInertia()
    assert.equal((page.inertiaProps as any).record.status, 'analyzing')
    assert.deepEqual((page.inertiaProps as any).preview, [])
    const waiting = await client.get(`/app/imports/${record.id}/progress`).loginAs(user)
    waiting.assertBodyContains({ status: 'analyzing', finished: false })

    const job = await takeQueuedJob(record.id)
    assert.match(job!.name, /analyze_import_job\.(ts|js)$/)
    assert.deepEqual(job!.data, { tenantId: tenant.id, importId: record.id })
    await new AnalyzeImportJob().handle(job!.data)
    await reload(record)
    assert.equal(record.status, 'uploaded')
    assert.equal(record.totalRows, 7)
    assert.deepEqual(record.mapping, {
      identificationType: 0,
      identification: 1,
      legalName: 2,
      emails: 3,
      phone: 4,
    })
    assert.deepEqual(
      record.preview.map((row) => row.line),
      [2, 3, 4, 5, 6]
    )
    const ready = await client.get(`/app/imports/${record.id}`).loginAs(user).withInertia()
    assert.lengthOf((ready.inertiaProps as any).preview, 5)

    // A repeated job (a retry) changes nothing once the file was read.
    await startWithGuessedMapping(client, user, record)
    await new AnalyzeImportJob().handle(job!.data)
    await reload(record)
    assert.equal(record.status, 'queued')
  })

  test('after its last retry the reading job marks the import failed', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await upload(client, user, csv([CUSTOMER_HEADER]), { analyze: false })
    const [record] = await importsOf(tenant.id)
    const job = await takeQueuedJob(record.id)
    await new AnalyzeImportJob().rescue(job!.data, new Error('worker crashed'))
    await reload(record)
    assert.equal(record.status, 'failed')
    assert.equal(
      record.failure,
      'La importación falló por un error inesperado. No se importó nada; inténtalo de nuevo.'
    )
  })
})
