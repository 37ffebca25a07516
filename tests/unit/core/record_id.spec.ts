import { test } from '@japa/runner'
import { MAX_RECORD_ID, RECORD_ID_PATTERN, toPage, toRecordId } from '#core/record_id'

test.group('Record ids', () => {
  test('the route pattern accepts exactly 1..2147483647', ({ assert }) => {
    const accepted = ['1', '9', '10', '999999999', '1000000000', '2147483647', '2147483639']
    const refused = ['0', '01', '-1', '1.0', '1e3', '2147483648', '2147483650', '9999999999', '']
    for (const value of accepted) assert.isTrue(RECORD_ID_PATTERN.test(value), value)
    for (const value of refused) assert.isFalse(RECORD_ID_PATTERN.test(value), value)
    // Every boundary of the spelled-out pattern agrees with arithmetic.
    for (let digits = 1; digits <= 10; digits++) {
      for (let run = 0; run < 2000; run++) {
        const value = String(Math.floor(Math.random() * 10 ** digits))
        const number = Number(value)
        const expected = !value.startsWith('0') && number >= 1 && number <= MAX_RECORD_ID
        assert.equal(RECORD_ID_PATTERN.test(value), expected, value)
      }
    }
    for (let delta = -50; delta <= 50; delta++) {
      const value = String(MAX_RECORD_ID + delta)
      assert.equal(RECORD_ID_PATTERN.test(value), delta <= 0, value)
    }
  })

  test('lenient readings give null or page 1 for anything strange', ({ assert }) => {
    assert.equal(toRecordId('42'), 42)
    assert.equal(toRecordId(42), 42)
    for (const value of ['99999999999', '1e3', '0', '-3', 'a', '', null, [1], { a: 1 }, 1e20]) {
      assert.isNull(toRecordId(value), String(value))
    }
    assert.equal(toPage('3'), 3)
    for (const value of ['1e20', '-1', 'x', 1e20, 1.5, [2]]) assert.equal(toPage(value), 1)
  })
})
