import { test } from '@japa/runner'
import { CsvFileError, decodeCsv, detectDelimiter, readCsv } from '#catalog/imports/csv_file'

function problemOf(work: () => unknown) {
  try {
    work()
  } catch (error) {
    if (error instanceof CsvFileError) return error.problem
    throw error
  }
  return null
}

test.group('Reading uploaded CSV files', () => {
  test('UTF-8 with BOM, CRLF, quoted fields and empty lines', ({ assert }) => {
    const file = Buffer.from(
      '\uFEFFCódigo,Descripción\r\nA-1,"Tornillo, 1/4"""\r\n\r\nB-2,Ñandú\r\n',
      'utf8'
    )
    const content = readCsv(file, 'utf-8')
    assert.equal(content.delimiter, ',')
    assert.deepEqual(content.headers, ['Código', 'Descripción'])
    assert.deepEqual(content.rows, [
      { line: 2, cells: ['A-1', 'Tornillo, 1/4"'] },
      { line: 4, cells: ['B-2', 'Ñandú'] },
    ])
  })

  test('a row with a quoted line break reports the line it starts on', ({ assert }) => {
    const content = readCsv(Buffer.from('a;b\n1;"dos\nlíneas"\n3;4\n'), 'utf-8')
    assert.equal(content.delimiter, ';')
    assert.deepEqual(
      content.rows.map((row) => row.line),
      [2, 4]
    )
  })

  test('detects comma, semicolon and tab from the header, ignoring quoted ones', ({ assert }) => {
    assert.equal(detectDelimiter('a,b,c\n1;2;3'), ',')
    assert.equal(detectDelimiter('"a,b";c;d\n'), ';')
    assert.equal(detectDelimiter('a\tb\tc'), '\t')
    assert.equal(detectDelimiter('solo'), ',')
  })

  test('Windows-1252 files read correctly when declared', ({ assert }) => {
    const file = Buffer.from('Razón social\nPeñaherrera Cía.\n', 'latin1')
    assert.deepEqual(readCsv(file, 'windows-1252').rows[0].cells, ['Peñaherrera Cía.'])
    assert.deepEqual(
      problemOf(() => readCsv(file, 'utf-8')),
      {
        code: 'encoding',
        encoding: 'utf-8',
      }
    )
  })

  test('UTF-8 read as Windows-1252 is refused instead of importing mojibake', ({ assert }) => {
    const file = Buffer.from('Razón social\nPeñaherrera\n', 'utf8')
    assert.deepEqual(
      problemOf(() => decodeCsv(file, 'windows-1252')),
      {
        code: 'encoding',
        encoding: 'windows-1252',
      }
    )
  })

  test('spreadsheets, binaries, empty and malformed files are named as such', ({ assert }) => {
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.alloc(0), 'utf-8')),
      { code: 'empty' }
    )
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'utf-8')),
      { code: 'spreadsheet' }
    )
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]), 'utf-8')),
      { code: 'spreadsheet' }
    )
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.from('a,b\n1,\u0000\n'), 'utf-8')),
      {
        code: 'binary',
      }
    )
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.from('a,b\n'), 'utf-8')),
      { code: 'no_rows' }
    )
    assert.deepEqual(
      problemOf(() => readCsv(Buffer.from('a,b\n1,2\n3,"x\n5,6\n'), 'utf-8')),
      {
        code: 'malformed',
        line: 3,
      }
    )
  })

  test('a preview reads only the first rows', ({ assert }) => {
    const lines = ['h1,h2', ...Array.from({ length: 100 }, (_, index) => `${index},x`)]
    const content = readCsv(Buffer.from(lines.join('\n')), 'utf-8', { limit: 5 })
    assert.lengthOf(content.rows, 5)
    assert.deepEqual(content.rows[4], { line: 6, cells: ['4', 'x'] })
  })
})
