import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import CatalogImport from '#catalog/models/catalog_import'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import { createCompany } from '#tests/helpers/accounts'
import { createCustomer, createPoint, createProduct, csv } from '#tests/helpers/catalog'

/**
 * Every catalog page rendered on the server (SSR, a plain browser GET), in
 * Spanish and in English: a page that breaks in Vue answers 500 here.
 */
test.group('Catalog pages render on the server', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Ecuador and Panama pages, both languages', async ({ client, assert }) => {
    for (const country of ['EC', 'PA'] as const) {
      const { tenant, user } = await createCompany('OWNER', { country })
      const customer = await createCustomer(
        tenant,
        country === 'PA'
          ? {
              identificationType: '01',
              identification: '8-123-456',
              checkDigits: '91',
              taxpayerType: '1',
            }
          : {}
      )
      const product = await createProduct(tenant, {
        taxCategory: country === 'PA' ? 'itbms_7' : 'iva_15',
        trackStock: true,
        stock: '12.5',
      })
      const { establishment, point } = await createPoint(
        tenant,
        country === 'PA' ? { establishment: '0000' } : {}
      )
      await tenantContext.run(tenant, () =>
        db.transaction((trx) =>
          allocateNumber(trx, {
            tenantId: tenant.id,
            establishmentId: establishment.id,
            emissionPointId: point.id,
            documentType: 'invoice',
            environment: 'test',
          })
        )
      )
      const record = await tenantContext.run(tenant, () =>
        CatalogImport.create({
          kind: 'customers',
          status: 'completed',
          fileName: 'clientes.csv',
          encoding: 'utf-8',
          delimiter: ',',
          content: Buffer.from(csv([['a'], ['b']])),
          headers: ['a'],
          mapping: {},
          locale: 'es',
          totalRows: 2,
          processedRows: 2,
          validRows: 1,
          importedRows: 1,
          errorRows: 1,
          errors: [{ line: 3, field: 'identification', message: 'La cédula no es válida.' }],
        })
      )
      const pending = await tenantContext.run(tenant, () =>
        CatalogImport.create({
          kind: 'products',
          status: 'uploaded',
          fileName: 'productos.csv',
          encoding: 'utf-8',
          delimiter: ',',
          content: Buffer.from(
            csv([
              ['Código', 'Descripción'],
              ['A-1', 'Uno'],
            ])
          ),
          headers: ['Código', 'Descripción'],
          mapping: { code: 0, description: 1 },
          locale: 'es',
          totalRows: 1,
          errors: [],
        })
      )

      const pages: Array<[string, string, string]> = [
        ['/app/customers', 'Clientes', 'Customers'],
        ['/app/customers/create', 'Nuevo cliente', 'New customer'],
        [`/app/customers/${customer.id}/edit`, 'Editar cliente', 'Edit customer'],
        ['/app/products', 'Productos y servicios', 'Products and services'],
        ['/app/products/create', 'Nuevo producto o servicio', 'New product or service'],
        [`/app/products/${product.id}/edit`, 'Editar producto', 'Edit product'],
        ['/app/establishments', 'Punto de emisión de cada usuario', "Each user's emission point"],
        ['/app/establishments/create', 'Nuevo establecimiento', 'New establishment'],
        [
          `/app/establishments/${establishment.id}/edit`,
          `Establecimiento ${establishment.code}`,
          `Establishment ${establishment.code}`,
        ],
        [`/app/emission-points/${point.id}/edit`, 'Numeración', 'Numbering'],
        ['/app/imports/new?kind=customers', 'Importar clientes', 'Import customers'],
        [`/app/imports/${record.id}`, 'La cédula no es válida.', 'Import finished'],
        [`/app/imports/${pending.id}`, 'Vista previa (primeras filas)', 'Preview (first rows)'],
      ]
      for (const [url, spanish, english] of pages) {
        for (const [language, text] of [
          ['es', spanish],
          ['en', english],
        ]) {
          const response = await client.get(url).header('accept-language', language).loginAs(user)
          assert.equal(response.status(), 200, `${country} ${language} ${url}`)
          // SSR output is HTML-escaped.
          const html = response.text().replace(/&#39;/g, "'")
          assert.include(html, text, `${country} ${language} ${url}`)
        }
      }
    }
  })
})
