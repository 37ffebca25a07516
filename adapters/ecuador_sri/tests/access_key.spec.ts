import { test } from '@japa/runner'
import {
  accessKeyCheckDigit,
  buildAccessKey,
  deriveNumericCode,
  isValidAccessKey,
  parseAccessKey,
} from '#adapters/ecuador_sri/access_key'

/**
 * Módulo 11 computed the other way round, left to right with weights
 * 7,6,5,4,3,2 (equivalent for 48 digits), to check the implementation
 * against an independent formulation.
 */
function leftToRightSum(first48: string): number {
  let sum = 0
  for (let i = 0; i < 48; i++) sum += Number(first48[i]) * (7 - (i % 6))
  return sum
}

test.group('Clave de acceso', () => {
  test('known key: Odoo l10n_ec_edi test key ends in check digit 0 (r = 11 → 0)', ({ assert }) => {
    const key = '2501202201179236683600110010010000000013121521410'
    assert.equal(accessKeyCheckDigit(key.slice(0, 48)), 0)
    assert.equal(leftToRightSum(key.slice(0, 48)) % 11, 0)
    assert.isTrue(isValidAccessKey(key))
  })

  test('r = 10 maps to 1 and other remainders map to 11 − r', ({ assert }) => {
    const base = '150320260117100340650011001001000000001'
    let seenTen = false
    for (let code = 0; code < 400; code++) {
      const first48 = base + String(12345000 + code).padStart(8, '0') + '1'
      const r = 11 - (leftToRightSum(first48) % 11)
      const expected = r === 11 ? 0 : r === 10 ? 1 : r
      assert.equal(accessKeyCheckDigit(first48), expected)
      if (r === 10) seenTen = true
    }
    assert.isTrue(seenTen, 'the sample covers the 10 → 1 case')
  })

  test('builds the 49 digits in SRI order from the local date string', ({ assert }) => {
    const key = buildAccessKey({
      issueDate: '2026-03-05',
      documentCode: '01',
      ruc: '1710034065001',
      environment: '1',
      establishment: '001',
      emissionPoint: '002',
      sequential: 123,
      numericCode: '12345678',
      emissionType: '1',
    })
    assert.lengthOf(key, 49)
    assert.equal(key.slice(0, 48), '050320260117100340650011001002000000123123456781')
    assert.isTrue(isValidAccessKey(key))
    assert.deepEqual(parseAccessKey(key), {
      issueDate: '2026-03-05',
      documentCode: '01',
      ruc: '1710034065001',
      environment: '1',
      establishment: '001',
      emissionPoint: '002',
      sequential: '000000123',
      numericCode: '12345678',
      emissionType: '1',
      checkDigit: Number(key[48]),
    })
  })

  test('rejects malformed fields instead of building a malformed key', ({ assert }) => {
    const fields = {
      issueDate: '2026-03-05',
      documentCode: '01',
      ruc: '1710034065001',
      environment: '1',
      establishment: '001',
      emissionPoint: '001',
      sequential: '1',
      numericCode: '12345678',
      emissionType: '1',
    }
    assert.throws(() => buildAccessKey({ ...fields, issueDate: '05/03/2026' }))
    assert.throws(() => buildAccessKey({ ...fields, sequential: '1234567890' }))
    assert.throws(() => buildAccessKey({ ...fields, ruc: '171003406500' }))
    assert.throws(() => buildAccessKey({ ...fields, numericCode: '1234' }))
  })

  test('invalid keys: wrong length, letters, wrong check digit', ({ assert }) => {
    const key = '2501202201179236683600110010010000000013121521410'
    assert.isFalse(isValidAccessKey(key.slice(0, 48)))
    assert.isFalse(isValidAccessKey(key.slice(0, 48) + 'A'))
    assert.isFalse(isValidAccessKey(key.slice(0, 48) + '7'))
    assert.isFalse(isValidAccessKey('3' + key.slice(1)))
  })

  test('the derived numeric code is deterministic and depends on the document', ({ assert }) => {
    const fields = {
      issueDate: '2026-03-05',
      documentCode: '01',
      ruc: '1710034065001',
      environment: '1',
      establishment: '001',
      emissionPoint: '001',
      sequential: 1,
      emissionType: '1',
    }
    assert.match(deriveNumericCode(fields), /^\d{8}$/)
    assert.equal(deriveNumericCode(fields), deriveNumericCode({ ...fields }))
    assert.notEqual(deriveNumericCode(fields), deriveNumericCode({ ...fields, sequential: 2 }))
  })
})
