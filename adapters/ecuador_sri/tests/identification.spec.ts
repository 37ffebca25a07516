import { test } from '@japa/runner'
import {
  cedulaCheckDigit,
  classifyRuc,
  validateCedula,
  validateIdentification,
  validateIssuerRuc,
  validateRuc,
} from '#adapters/ecuador_sri/identification'

const codes = (issues: Array<{ code: string; severity: string }>) =>
  issues.map((issue) => `${issue.code.replace('tax.ec.identification.', '')}:${issue.severity}`)

/*
 * Test vectors. `stdnum` is what python-stdnum 2.2 (`stdnum.ec.ci.is_valid`,
 * `stdnum.ec.ruc.is_valid`) answers for the same number; every row was run
 * through it. Facturo agrees with it everywhere except where SRI's practice
 * says otherwise: a 6 or 9 RUC that fails every checksum is only a warning
 * (docs/adapters/ecuador-sri.md, "Identification").
 */
const CEDULAS: Array<[number: string, expected: string[], stdnum: boolean, why: string]> = [
  ['1714307103', [], true, 'stdnum docstring example'],
  ['0602910945', [], true, 'stdnum test data'],
  ['0926687856', [], true, 'stdnum test data'],
  ['0910005917', [], true, 'stdnum test data'],
  ['0962467429', [], true, 'third digit 6: cédula of a foreign resident (stdnum PR #228, #267)'],
  ['3012345678', [], true, 'province 30: Ecuadorian registered abroad'],
  ['5012345673', [], true, 'province 50: foreigners (stdnum PR #87)'],
  ['1714307104', ['cedula_check_digit:error'], false, 'check digit should be 3'],
  ['171430710', ['cedula_format:error'], false, 'nine digits'],
  ['123A567890', ['cedula_format:error'], false, 'a letter'],
  ['1784307108', ['cedula_third_digit:error'], false, 'third digit 8'],
  ['8814307107', ['cedula_province:error'], false, 'province 88'],
  ['2514307103', ['cedula_province:error'], false, 'province 25, valid check digit'],
  ['0010034064', ['cedula_province:error'], false, 'province 00, valid check digit'],
]

const RUCS: Array<[number: string, expected: string[], stdnum: boolean, why: string]> = [
  // Natural persons: cédula + establishment, strict.
  ['1714307103001', [], true, 'natural: stdnum docstring cédula + 001'],
  ['0926687856001', [], true, 'natural: stdnum test data'],
  ['0962467429001', [], true, 'natural, third digit 6 (foreign resident; stdnum #267)'],
  ['0962467429002', [], true, 'natural, establishment 002: a buyer RUC need not end in 001'],
  ['5012345673001', [], true, 'natural, province 50'],
  ['1710034066001', ['ruc_natural_cedula:error'], false, 'natural, cédula check digit wrong'],
  ['0926687856000', ['ruc_suffix:error'], false, 'natural, establishment 000'],
  // Public bodies (6): módulo 11 on digits 1–9.
  ['0160000510001', [], true, 'public: stdnum test data'],
  ['1760001550001', [], true, 'public: stdnum test data'],
  ['1760001550000', ['ruc_suffix:error'], false, 'public, establishment 0000'],
  // Private companies (9): módulo 11 on digits 1–10.
  ['1790011674001', [], true, 'juridical: stdnum test data'],
  ['0992397535001', [], true, 'juridical: stdnum test data'],
  ['1793221293001', [], true, 'public body in the company format (stdnum #457, SRI registry)'],
  ['0992397535000', ['ruc_suffix:error'], false, 'juridical, establishment 000'],
  // 6 or 9 that pass no checksum: SRI issues such numbers; warn, never block.
  [
    '1793213150001',
    ['ruc_checksum_unverified:warning'],
    false,
    'CARNADA S.A.S., active in SRI (stdnum #497)',
  ],
  ['0190115799001', ['ruc_checksum_unverified:warning'], false, 'stdnum: juridical check wrong'],
  ['0160000610001', ['ruc_checksum_unverified:warning'], false, 'stdnum: public check wrong'],
  ['1763154690001', ['ruc_checksum_unverified:warning'], false, 'stdnum: 6, no reading passes'],
  // Structure: always errors.
  ['179206034601', ['ruc_format:error'], false, 'twelve digits'],
  ['17920603A6001', ['ruc_format:error'], false, 'a letter'],
  ['0170000610001', ['ruc_third_digit:error'], false, 'third digit 7 is never assigned'],
  ['8810034069001', ['ruc_province:error'], false, 'province 88'],
]

test.group('Identification | cédula vectors', () => {
  for (const [number, expected, stdnum, why] of CEDULAS) {
    test(`${number}: ${why}`, ({ assert }) => {
      assert.deepEqual(codes(validateCedula(number)), expected)
      assert.equal(expected.length === 0, stdnum, 'agrees with python-stdnum 2.2')
    })
  }

  test('the check digit generator matches the check', ({ assert }) => {
    assert.equal(cedulaCheckDigit('171430710'), 3)
    assert.equal(cedulaCheckDigit('501234567'), 3)
  })
})

test.group('Identification | RUC vectors', () => {
  for (const [number, expected, stdnum, why] of RUCS) {
    test(`${number}: ${why}`, ({ assert }) => {
      const found = codes(validateRuc(number))
      assert.deepEqual(found, expected)
      // Valid for stdnum ⇔ no issue here; a stdnum refusal is an error here
      // unless it is the documented 6/9 checksum warning.
      assert.equal(found.length === 0, stdnum, 'agrees with python-stdnum 2.2')
    })
  }

  test('says which reading matched', ({ assert }) => {
    assert.equal(classifyRuc('0962467429001').kind, 'natural')
    assert.equal(classifyRuc('1760001550001').kind, 'public')
    assert.equal(classifyRuc('1793221293001').kind, 'public')
    assert.equal(classifyRuc('1790011674001').kind, 'juridical')
    assert.equal(classifyRuc('1793213150001').kind, 'unverified')
    assert.isUndefined(classifyRuc('0170000610001').kind)
  })
})

test.group('Identification | issuer RUC', () => {
  test('ends in 001 (XSD numeroRuc), on top of the buyer rules', ({ assert }) => {
    assert.deepEqual(validateIssuerRuc('1790011674001'), [])
    assert.deepEqual(codes(validateIssuerRuc('0962467429002')), ['ruc_issuer_establishment:error'])
    assert.deepEqual(codes(validateIssuerRuc('1710034066001')), ['ruc_natural_cedula:error'])
    // The checksum warning still only warns for an issuer.
    assert.deepEqual(codes(validateIssuerRuc('1793213150001')), ['ruc_checksum_unverified:warning'])
  })
})

test.group('Identification | by buyer type', () => {
  test('a cédula with third digit 6 and the same digits as a RUC are treated alike', ({
    assert,
  }) => {
    // Before: 05 refused it (third digit 6) while 04 only warned.
    assert.deepEqual(validateIdentification('05', '0962467429'), [])
    assert.deepEqual(validateIdentification('04', '0962467429001'), [])
  })

  test('04 RUC, 05 cédula', ({ assert }) => {
    assert.deepEqual(validateIdentification('04', '1790011674001'), [])
    assert.deepEqual(validateIdentification('05', ' 1710034065 '), [])
    assert.deepEqual(codes(validateIdentification('05', '1710034065001')), ['cedula_format:error'])
  })

  test('06 passport and 08 foreign id', ({ assert }) => {
    assert.deepEqual(validateIdentification('06', 'AB123456'), [])
    assert.deepEqual(codes(validateIdentification('06', 'A!')), ['passport:error'])
    assert.deepEqual(validateIdentification('08', 'DE-123 456/7'), [])
    assert.deepEqual(codes(validateIdentification('08', 'X'.repeat(21))), ['foreign:error'])
  })

  test('07 consumidor final is exactly 9999999999999', ({ assert }) => {
    assert.deepEqual(validateIdentification('07', '9999999999999'), [])
    assert.deepEqual(codes(validateIdentification('07', '9999999999')), ['final_consumer:error'])
  })

  test('unknown type and empty number are errors, never exceptions', ({ assert }) => {
    assert.deepEqual(codes(validateIdentification('01', '1710034065')), ['type:error'])
    assert.deepEqual(codes(validateIdentification('05', '')), ['required:error'])
    assert.deepEqual(codes(validateIdentification('05', undefined as unknown as string)), [
      'required:error',
    ])
  })

  test('issues carry Spanish and English text', ({ assert }) => {
    const [issue] = validateIdentification('05', '1710034066')
    assert.equal(issue.field, 'buyer.identification')
    assert.include(issue.message.es, 'verificador')
    assert.include(issue.message.en, 'check digit')
  })
})
