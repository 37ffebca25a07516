import { test } from '@japa/runner'
import { stringify } from 'csv-stringify/sync'
import { csvSafety, neutralizeCsvCell, restoreCsvCell } from '#core/csv'
import { readCsv } from '#catalog/imports/csv_file'

test.group('CSV cells a spreadsheet will not run', () => {
  test('formula-like cells get a leading quote (=, +, -, @, tab, CR)', ({ assert }) => {
    for (const value of [
      '=HYPERLINK("http://evil.example","clic")',
      '+SUM(1;2)',
      '-2+3',
      '@SUM(A1)',
      '\t=1+1',
      '\r=1+1',
      '=',
    ]) {
      assert.equal(neutralizeCsvCell(value), `'${value}`)
    }
  })

  test('ordinary text and plain numbers are left as they are', ({ assert }) => {
    for (const value of ['Ñandú Cía. Ltda.', 'a=b', ' =1', '12.50', '-12.50', '-3', '0', '']) {
      assert.equal(neutralizeCsvCell(value), value)
    }
  })

  test('the import takes the quote off again, so an export imports back unchanged', ({
    assert,
  }) => {
    const rows = [
      ['Razón social', 'Notas'],
      ['=HYPERLINK("http://evil.example")', '@SUM(A1)'],
      ['Normal', "'ya tenía comilla"],
    ]
    const file = stringify(rows, { ...csvSafety, bom: true })
    assert.include(file, `"'=HYPERLINK(""http://evil.example"")"`)
    assert.include(file, "'@SUM(A1)")
    const read = readCsv(Buffer.from(file, 'utf8'), 'utf-8')
    assert.deepEqual(
      read.rows.map((row) => row.cells),
      [
        ['=HYPERLINK("http://evil.example")', '@SUM(A1)'],
        ['Normal', "'ya tenía comilla"],
      ]
    )
    assert.equal(restoreCsvCell("'-2+3"), '-2+3')
  })
})
