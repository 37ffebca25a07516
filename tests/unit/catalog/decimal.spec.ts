import { test } from '@japa/runner'
import { displayDecimal, parseDecimal } from '#catalog/decimal'

test.group('Catalog decimals', () => {
  test('reads amounts as people type them', ({ assert }) => {
    const cases: Array<[string, string]> = [
      ['12', '12'],
      ['12.5', '12.5'],
      ['12,50', '12.5'],
      [' 0.123456 ', '0.123456'],
      ['.5', '0.5'],
      ['0007.10', '7.1'],
      ['0.000000', '0'],
      ['999999999999.999999', '999999999999.999999'],
      ['1.1000000', '1.1'],
    ]
    for (const [input, expected] of cases) {
      assert.deepEqual(parseDecimal(input), { ok: true, value: expected }, input)
    }
  })

  test('refuses what it would have to guess', ({ assert }) => {
    const cases: Array<[string, string]> = [
      ['1.234,56', 'format'],
      ['1,234.56', 'format'],
      ['12 ,5', 'format'],
      ['abc', 'format'],
      ['1e3', 'format'],
      ['', 'format'],
      ['1.1234567', 'decimals'],
      ['1234567890123', 'too_large'],
      ['-1', 'negative'],
    ]
    for (const [input, problem] of cases) {
      assert.deepEqual(parseDecimal(input), { ok: false, problem } as any, input)
    }
    assert.deepEqual(parseDecimal('-1.5', { allowNegative: true }), { ok: true, value: '-1.5' })
    assert.deepEqual(parseDecimal('1.123', { maxDecimals: 2 }), { ok: false, problem: 'decimals' })
  })

  test('shows at least two decimals and every significant one', ({ assert }) => {
    assert.equal(displayDecimal('12.500000'), '12.50')
    assert.equal(displayDecimal('1.123400'), '1.1234')
    assert.equal(displayDecimal('0.123456'), '0.123456')
    assert.equal(displayDecimal('2500.000000', 0), '2500')
    assert.equal(displayDecimal(null), '')
    // Beyond what a double holds, still exact.
    assert.equal(displayDecimal('999999999999.999999'), '999999999999.999999')
  })
})
