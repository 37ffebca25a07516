import { test } from '@japa/runner'
import { checkTaxId, taxIdError } from '#accounts/tax_id'

/*
 * Registration reaches each country's adapter through the tax manager: the
 * vectors that prove the rules themselves live next to the adapters
 * (adapters/ecuador_sri/tests/identification.spec.ts,
 * adapters/panama_hka/tests/ruc.spec.ts). These only show that the
 * company's tax id goes through them, with the fields the form uses.
 */
const codes = (check: ReturnType<typeof checkTaxId>) =>
  check.issues.map((issue) => `${issue.field}:${issue.code}:${issue.severity}`)

test.group('Company tax id | Ecuador, through the SRI adapter', () => {
  test('a valid juridical RUC, written with separators, is stored as 13 digits', ({ assert }) => {
    // 1790011674001: private company from python-stdnum's test data (módulo 11 on digit 10).
    const check = checkTaxId('EC', ' 17900-11674-001 ')
    assert.equal(check.normalized, '1790011674001')
    assert.deepEqual(check.issues, [])
  })

  test('an issuer RUC must end in 001, which a buyer RUC need not', ({ assert }) => {
    // 1710034065002: cédula 1710034065 (valid) with establishment 002.
    const check = checkTaxId('EC', '1710034065002')
    assert.equal(taxIdError(check, 'taxId')?.code, 'tax.ec.identification.ruc_issuer_establishment')
  })

  test('a natural RUC with a wrong cédula check digit is refused', ({ assert }) => {
    // 1710034066001: the cédula's check digit should be 5.
    assert.deepEqual(codes(checkTaxId('EC', '1710034066001')), [
      'taxId:tax.ec.identification.ruc_natural_cedula:error',
    ])
  })

  test('a foreign resident (third digit 6) and province 50 register', ({ assert }) => {
    // 0962467429001: natural RUC with third digit 6 (python-stdnum #267, SRI registry).
    assert.deepEqual(checkTaxId('EC', '0962467429001').issues, [])
    // 5012345673001: province 50 (foreigners) + valid cédula check digit 3.
    assert.deepEqual(checkTaxId('EC', '5012345673001').issues, [])
  })

  test('a company RUC SRI issued without a valid checksum only warns', ({ assert }) => {
    // 1793213150001: CARNADA S.A.S., active in SRI's registry, fails every checksum (stdnum #497).
    const check = checkTaxId('EC', '1793213150001')
    assert.isUndefined(taxIdError(check, 'taxId'))
    assert.deepEqual(codes(check), ['taxId:tax.ec.identification.ruc_checksum_unverified:warning'])
  })
})

test.group('Company tax id | Panama, through the HKA country data', () => {
  test('a juridical RUC with its DGI DV', ({ assert }) => {
    // 155596713-2-2015 DV 59: DGI's published example.
    assert.deepEqual(checkTaxId('PA', '155596713-2-2015', '59').issues, [])
    assert.equal(
      taxIdError(checkTaxId('PA', '155596713-2-2015', '58'), 'taxIdCheckDigits')?.code,
      'tax.pa.ruc.check_digit'
    )
    assert.equal(
      taxIdError(checkTaxId('PA', '155596713-2-2015', null), 'taxIdCheckDigits')?.code,
      'tax.pa.ruc.check_digit_required'
    )
  })

  test('natural-person DVs are checked too (the old registration check took any DV)', ({
    assert,
  }) => {
    // 8-NT-1-24 DV 33 is valid (adapters/panama_hka/tests/ruc.spec.ts); 34 is not.
    assert.deepEqual(checkTaxId('PA', '8-NT-1-24', '33').issues, [])
    assert.equal(
      taxIdError(checkTaxId('PA', '8-NT-1-24', '34'), 'taxIdCheckDigits')?.code,
      'tax.pa.ruc.check_digit'
    )
  })

  test('an unreadable RUC is reported on the RUC field', ({ assert }) => {
    assert.equal(taxIdError(checkTaxId('PA', 'RUC-XYZ', '12'), 'taxId')?.code, 'tax.pa.ruc.format')
  })
})
