import { test } from '@japa/runner'
import {
  validateCedula,
  validateIdentification,
  validateRuc,
} from '#adapters/ecuador_sri/identification'

const codes = (issues: Array<{ code: string; severity: string }>) =>
  issues.map((issue) => `${issue.code.replace('tax.ec.identification.', '')}:${issue.severity}`)

// Known-valid numbers from python-stdnum's Ecuadorian test data.
const NATURAL_RUCS = ['0101016905001', '0926687856001', '1710034065001', '1803557964001']
const PUBLIC_RUCS = ['0160000510001', '1760001550001', '2160011760001']
const COMPANY_RUCS = ['0190115798001', '0992397535001', '1790011674001', '1792060346001']

test.group('Identification | cédula', () => {
  test('accepts valid cédulas', ({ assert }) => {
    for (const cedula of ['0101016905', '0926687856', '1710034065', '1803557964']) {
      assert.deepEqual(validateCedula(cedula), [], cedula)
    }
  })

  test('accepts province 30 (Ecuadorians registered abroad)', ({ assert }) => {
    // 30 + 1234567 with its módulo 10 check digit.
    assert.deepEqual(validateCedula('3012345678'), [])
  })

  test('refuses wrong length, province, third digit and check digit', ({ assert }) => {
    assert.deepEqual(codes(validateCedula('171003406')), ['cedula_format:error'])
    assert.deepEqual(codes(validateCedula('2510034065')), ['cedula_province:error'])
    assert.deepEqual(codes(validateCedula('0010034065')), ['cedula_province:error'])
    assert.deepEqual(codes(validateCedula('1760001550')), ['cedula_third_digit:error'])
    assert.deepEqual(codes(validateCedula('1710034066')), ['cedula_check_digit:error'])
  })
})

test.group('Identification | RUC', () => {
  test('natural-person RUCs are checked strictly', ({ assert }) => {
    for (const ruc of NATURAL_RUCS) assert.deepEqual(validateRuc(ruc), [], ruc)
    assert.deepEqual(codes(validateRuc('1710034066001')), ['ruc_natural_cedula:error'])
    assert.deepEqual(codes(validateRuc('0926687856000')), ['ruc_suffix:error'])
    assert.deepEqual(codes(validateRuc('0926687856002')), ['ruc_suffix:error'])
  })

  test('public and company RUCs with a valid checksum pass', ({ assert }) => {
    for (const ruc of [...PUBLIC_RUCS, ...COMPANY_RUCS]) assert.deepEqual(validateRuc(ruc), [], ruc)
  })

  test('a failed checksum on 6/9 RUCs is only a warning (newer company RUCs are not algorithmic)', ({
    assert,
  }) => {
    // 1793213150001 is a real company RUC that fails the old checksum (python-stdnum #497).
    assert.deepEqual(codes(validateRuc('1793213150001')), ['ruc_checksum_unverified:warning'])
    assert.deepEqual(codes(validateRuc('0160000610001')), ['ruc_checksum_unverified:warning'])
    assert.deepEqual(codes(validateRuc('0190115799001')), ['ruc_checksum_unverified:warning'])
  })

  test('structure is still enforced for 6 and 9', ({ assert }) => {
    assert.deepEqual(codes(validateRuc('1760001550000')), ['ruc_suffix:error'])
    assert.deepEqual(codes(validateRuc('0992397535000')), ['ruc_suffix:error'])
    assert.deepEqual(codes(validateRuc('8892397539001')), ['ruc_province:error'])
    assert.deepEqual(codes(validateRuc('0170000610001')), ['ruc_third_digit:error'])
    assert.deepEqual(codes(validateRuc('17900116740')), ['ruc_format:error'])
  })
})

test.group('Identification | by buyer type', () => {
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
