import { test } from '@japa/runner'
import { cufeCheckDigit, isValidCufe, parseCufe, validateCufe } from '#adapters/panama_hka/cufe'

/** The example of panama-hka.md §3, also the Enviar reply in hka/01_documentos_fel/02_metodo_enviar.md. */
const EXAMPLE = 'FE0120000155596713-2-2015-5900012019052800055000155650121566749040'

/** Writes `replacement` at `index` and leaves the check digit as it was. */
const tamper = (cufe: string, index: number, replacement: string) =>
  cufe.slice(0, index) + replacement + cufe.slice(index + replacement.length)

/** Same, then recomputes the check digit, so only the deeper checks can notice. */
const forge = (cufe: string, index: number, replacement: string) => {
  const body = tamper(cufe, index, replacement).slice(0, 65)
  return body + cufeCheckDigit(body.slice(2))
}

test.group('Panama CUFE', () => {
  test('real CUFE from {source} is valid')
    .with([
      { source: '02_metodo_enviar.md', cufe: EXAMPLE },
      {
        source: '04_nota_credito_referente_FE.md',
        cufe: 'FE0120000155596713-2-2015-5900002020122900050000050010126666880485',
      },
      {
        source: '05_nota_debito_referente_FE.md',
        cufe: 'FE0120000155596713-2-2015-5900002020122900050000090010120993630685',
      },
      {
        source: '01_instructivo_servicios_web_pac.md (1)',
        cufe: 'FE0120000155596713-2-2015-5900002020021000000050185050221010989249',
      },
      {
        source: '01_instructivo_servicios_web_pac.md (2)',
        cufe: 'FE0120000155596713-2-2015-5900002020071300000185800520124121596372',
      },
      {
        source: '01_instructivo_servicios_web_pac.md (3)',
        cufe: 'FE0120000155596713-2-2015-5900002021031500000991815050128384073517',
      },
      {
        source: '01_instructivo_servicios_web_pac.md (4)',
        cufe: 'FE0120000155596713-2-2015-5900002021051200000992155050121410079104',
      },
    ])
    .run(({ assert }, row) => {
      assert.deepEqual(validateCufe(row.cufe), [])
      assert.isTrue(isValidCufe(row.cufe))
      assert.equal(cufeCheckDigit(row.cufe.slice(2, 65)), row.cufe[65])
    })

  test('splits the example into its fields', ({ assert }) => {
    const parsed = parseCufe(EXAMPLE)
    assert.isTrue(parsed.ok)
    if (!parsed.ok) return
    assert.deepEqual(parsed.fields, {
      cufe: EXAMPLE,
      documentType: '01',
      issuerTaxpayerType: '2',
      issuerRuc: '155596713-2-2015',
      issuerCheckDigits: '59',
      establishmentCode: '0001',
      issueDate: '2019-05-28',
      number: '0005500015',
      emissionPointCode: '565',
      emissionType: '01',
      environment: 'test',
      securityCode: '156674904',
      checkDigit: '0',
    })
  })

  test('non-digits count as the last digit of their ASCII code', ({ assert }) => {
    // "-" is 45, "E" 69, "N" 78, "T" 84, "P" 80.
    assert.equal(cufeCheckDigit('12-3'), cufeCheckDigit('1253'))
    assert.equal(cufeCheckDigit('E8'), cufeCheckDigit('98'))
    assert.equal(cufeCheckDigit('8NT1'), cufeCheckDigit('8841'))
    assert.equal(cufeCheckDigit('P'), cufeCheckDigit('0'))
  })

  test('Luhn: doubles from the rightmost digit', ({ assert }) => {
    // The textbook Luhn example: 7992739871 has check digit 3.
    assert.equal(cufeCheckDigit('7992739871'), '3')
  })

  test('a tampered {what} breaks the check digit')
    .with([
      { what: 'document number', index: 49, replacement: '6' },
      { what: 'issue date', index: 39, replacement: '9' },
      { what: 'security code', index: 60, replacement: '0' },
      { what: 'issuer RUC', index: 12, replacement: '8' },
    ])
    .run(({ assert }, row) => {
      const cufe = tamper(EXAMPLE, row.index, row.replacement)
      assert.notEqual(cufe, EXAMPLE)
      const issues = validateCufe(cufe)
      assert.lengthOf(issues, 1)
      assert.equal(issues[0].code, 'tax.pa.cufe.check_digit')
      assert.equal(issues[0].severity, 'error')
    })

  test('swapped adjacent digits are caught', ({ assert }) => {
    // "…0005500015…" → "…0005500051…"
    const swapped = tamper(EXAMPLE, 48, '51')
    assert.deepEqual(
      validateCufe(swapped).map((issue) => issue.code),
      ['tax.pa.cufe.check_digit']
    )
  })

  test('reports the expected and found check digits in both languages', ({ assert }) => {
    const [issue] = validateCufe(tamper(EXAMPLE, 65, '7'))
    assert.deepEqual(issue.params, { expected: '0', found: '7' })
    assert.include(issue.message.es, 'es 7 y debería ser 0')
    assert.include(issue.message.en, 'is 7 but should be 0')
  })

  test('rejects the EstadoDocumento sample, whose issuer RUC is blanked', ({ assert }) => {
    // hka/01_documentos_fel/03_metodo_estadodocumento.md
    const sample = 'FE01100000000000-000-0000-4000002023032000000010992260127062273602'
    const [issue] = validateCufe(sample)
    assert.equal(issue.code, 'tax.pa.cufe.format')
    assert.deepEqual(issue.params, { part: 'dRuc', value: '00000000000-000-0000' })
    // Its check digit does not match either.
    assert.notEqual(cufeCheckDigit(sample.slice(2, 65)), sample[65])
  })

  test('a well-formed CUFE with a DV that does not match its RUC', ({ assert }) => {
    const cufe = forge(EXAMPLE, 26, '95')
    assert.deepEqual(
      validateCufe(cufe).map((issue) => issue.code),
      ['tax.pa.cufe.issuer_ruc']
    )
    assert.deepEqual(validateCufe(cufe, { checkIssuerRuc: false }), [])
  })

  test('rejects a bad {part}')
    .with([
      { part: 'prefix', index: 0, replacement: 'FX', name: 'FE' },
      { part: 'document type', index: 2, replacement: '11', name: 'iDoc' },
      { part: 'taxpayer type', index: 4, replacement: '3', name: 'dTipoRuc' },
      { part: 'DV', index: 25, replacement: '+', name: 'dDV' },
      { part: 'date', index: 32, replacement: '20190230', name: 'dFechaEm' },
      { part: 'number', index: 40, replacement: '0000000000', name: 'dNroDF' },
      { part: 'invoicing point', index: 50, replacement: '000', name: 'dPtoFacDF' },
      { part: 'emission type', index: 53, replacement: '05', name: 'iTpEmis' },
      { part: 'environment', index: 55, replacement: '3', name: 'iAmb' },
      { part: 'security code', index: 56, replacement: 'A', name: 'dSeg' },
    ])
    .run(({ assert }, row) => {
      const [issue] = validateCufe(forge(EXAMPLE, row.index, row.replacement))
      assert.equal(issue.code, 'tax.pa.cufe.format')
      assert.equal(issue.params?.part, row.name)
    })

  test('rejects the wrong length and empty input without throwing', ({ assert }) => {
    const [short] = validateCufe(EXAMPLE.slice(0, 64), { field: 'reference.authorityKey' })
    assert.equal(short.code, 'tax.pa.cufe.length')
    assert.equal(short.field, 'reference.authorityKey')
    assert.include(short.message.es, 'tiene 64')
    assert.equal(validateCufe(null)[0].code, 'tax.pa.cufe.length')
    assert.equal(validateCufe(` ${EXAMPLE} `).length, 0)
    assert.isFalse(isValidCufe(EXAMPLE.toLowerCase()))
  })
})
