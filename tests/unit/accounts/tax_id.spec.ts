import { test } from '@japa/runner'
import {
  cedulaCheckDigitOk,
  checkEcuadorRuc,
  checkPanamaRuc,
  panamaJuridicalDv,
} from '#accounts/tax_id'

test.group('Tax id checks: Ecuador RUC', () => {
  test('accepts a private company RUC and verifies its módulo 11', ({ assert }) => {
    const check = checkEcuadorRuc('1792146739001')
    assert.isNull(check.problem)
    assert.isTrue(check.checkDigitVerified)
  })

  test('normalises spaces and dashes', ({ assert }) => {
    assert.equal(checkEcuadorRuc(' 17921-46739-001 ').normalized, '1792146739001')
  })

  test('accepts a natural person RUC whose cédula check digit is right', ({ assert }) => {
    // 171234567 × 2,1,2,… (products over 9 minus 9): 2+7+2+2+6+4+1+6+5 = 35 → digit 5.
    assert.isTrue(cedulaCheckDigitOk('1712345675'))
    const check = checkEcuadorRuc('1712345675001')
    assert.isNull(check.problem)
    assert.isTrue(check.checkDigitVerified)
  })

  test('rejects a natural person RUC with a wrong cédula check digit', ({ assert }) => {
    assert.equal(checkEcuadorRuc('1712345678001').problem, 'ruc_ec_check_digit')
  })

  test('rejects the wrong length, letters, province, type digit and suffix', ({ assert }) => {
    assert.equal(checkEcuadorRuc('179214673900').problem, 'ruc_ec_format')
    assert.equal(checkEcuadorRuc('17921467390O1').problem, 'ruc_ec_format')
    assert.equal(checkEcuadorRuc('9992146739001').problem, 'ruc_ec_province')
    assert.equal(checkEcuadorRuc('1772146739001').problem, 'ruc_ec_third_digit')
    assert.equal(checkEcuadorRuc('1792146739002').problem, 'ruc_ec_establishment')
  })

  test('accepts a company RUC that fails the módulo 11 but flags it as unverified', ({
    assert,
  }) => {
    // The SRI has issued company RUCs that do not pass the check digit.
    const check = checkEcuadorRuc('1792146738001')
    assert.isNull(check.problem)
    assert.isFalse(check.checkDigitVerified)
  })
})

test.group('Tax id checks: Panama RUC and DV', () => {
  test('computes the DGI DV of juridical RUCs (published values)', ({ assert }) => {
    assert.equal(panamaJuridicalDv('155596713-2-2015'), '59')
    assert.equal(panamaJuridicalDv('155631118-2-2016'), '58')
    assert.equal(panamaJuridicalDv('155664844-2-2018'), '64')
    assert.equal(panamaJuridicalDv('1080323-1-554308'), '39')
  })

  test('accepts a juridical RUC with its DV and rejects a wrong DV', ({ assert }) => {
    const ok = checkPanamaRuc('155596713-2-2015', '59')
    assert.isNull(ok.problem)
    assert.isTrue(ok.checkDigitVerified)
    assert.equal(checkPanamaRuc('155596713-2-2015', '58').problem, 'ruc_pa_dv_mismatch')
  })

  test('requires the DV to be two digits', ({ assert }) => {
    assert.equal(checkPanamaRuc('155596713-2-2015', '5').problem, 'ruc_pa_dv_format')
    assert.equal(checkPanamaRuc('155596713-2-2015', 'AB').problem, 'ruc_pa_dv_format')
    assert.equal(checkPanamaRuc('155596713-2-2015', null).problem, 'ruc_pa_dv_format')
  })

  test('accepts natural-person shapes on format alone', ({ assert }) => {
    for (const ruc of [
      '8-123-456',
      'E-8-12345',
      'N-19-1234',
      'PE-1-123',
      '8-NT-1-12345',
      '8AV-12-345',
    ]) {
      const check = checkPanamaRuc(ruc, '12')
      assert.isNull(check.problem, ruc)
      assert.isFalse(check.checkDigitVerified, ruc)
    }
  })

  test('rejects shapes that are no Panama RUC', ({ assert }) => {
    for (const ruc of ['155596713', 'ABC-1-2', '8--456', '1555967132015', '8-123-456-7-8']) {
      assert.equal(checkPanamaRuc(ruc, '59').problem, 'ruc_pa_format', ruc)
    }
  })
})
