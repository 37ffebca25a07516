/*
 * Text that would break the comprobante: characters XML 1.0 cannot carry
 * are refused before anything is signed, and markup characters anywhere
 * (an additional-info name with ">", a value with "/>" or "xmlns") are
 * escaped as C14N wants and signed without trouble.
 */
import { spawnSync } from 'node:child_process'
import { test } from '@japa/runner'
import { DOMParser } from '@xmldom/xmldom'
import { TaxValidationError } from '#adapters/core/errors'
import type { TaxDocument } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import {
  sampleCredential,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'
import {
  stripSignature,
  validateAgainstXsd,
  verifyWithXmlsec,
} from '#adapters/ecuador_sri/testing/xml_checks'

const errorsOf = (issues: Array<{ code: string; severity: string; field: string }>) =>
  issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => `${issue.field}:${issue.code}`)

/** xmllint's verdict on well-formedness (it also refuses characters XML cannot carry). */
function wellFormed(xml: string): string {
  const result = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' })
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`
}

test.group('SRI | characters XML cannot carry', () => {
  test('validate names each field that holds one', async ({ assert }) => {
    const doc = tenLineInvoice(1)
    doc.buyer.name = 'Juan\uFFFFPérez'
    doc.lines[2].description = 'Taladro \uD800'
    doc.additionalInfo = [{ name: 'Nota', value: 'línea\u0001dos' }]
    const issuer = sampleIssuer()
    issuer.identity = { ...issuer.identity, tradeName: 'El Ñandú\uFFFE' }
    const authority = new SriAuthority()
    const issues = await authority.validate(doc, issuer)
    await authority.close()
    assert.includeMembers(errorsOf(issues), [
      'buyer.name:tax.ec.xml_character',
      'lines.2.description:tax.ec.xml_character',
      'additionalInfo.0.value:tax.ec.xml_character',
      'issuer.tradeName:tax.ec.xml_character',
    ])
    const issue = issues.find((found) => found.field === 'buyer.name')!
    assert.include(issue.message.es, 'U+FFFF')
    assert.include(issue.message.en, 'position 5')
  })

  test('the builder refuses instead of producing a malformed comprobante', async ({ assert }) => {
    const authority = new SriAuthority()
    for (const bad of ['\uFFFF', '\uFFFE', '\uDC00', '\uD83D']) {
      const doc: TaxDocument = tenLineInvoice(2)
      doc.lines[0].description = `Martillo ${bad} de acero`
      // Called without validate(), as a caller that skipped it would.
      const error = await authority.buildDocument(doc, sampleIssuer()).then(
        () => null,
        (thrown: unknown) => thrown
      )
      assert.instanceOf(error, TaxValidationError)
      const validationError = error as TaxValidationError
      assert.equal(validationError.code, 'E_TAX_VALIDATION')
      assert.equal(validationError.issues[0].code, 'tax.ec.xml_character')
      assert.include(validationError.issues[0].message.es, '<descripcion>')
    }
    await authority.close()
  })
})

test.group('SRI | markup characters in additional information', () => {
  test('">" and friends in a campoAdicional name sign, verify and pass the XSD', async ({
    assert,
  }) => {
    const doc = tenLineInvoice(3)
    doc.additionalInfo = [
      { name: 'Saldo > 30 días', value: 'Pagar antes del 5' },
      { name: 'Nota <importante> & "urgente"', value: "O'Brien > Pérez & Cía. <S.A.>" },
      { name: 'Ruta a/>b', value: 'x=\'y\' xmlns="urn:z" />' },
    ]
    doc.lines[0].additionalDetails = [{ name: 'Medida > 2 m', value: 'a="b" > c' }]
    const issuer = sampleIssuer()
    const authority = new SriAuthority()
    assert.deepEqual(errorsOf(await authority.validate(doc, issuer)), [])
    const built = await authority.buildDocument(doc, issuer)
    const signed = await authority.sign(built, issuer)
    await authority.close()

    assert.include(signed.body, '<campoAdicional nombre="Saldo > 30 días">')
    assert.include(signed.body, 'nombre="Nota &lt;importante> &amp; &quot;urgente&quot;"')
    assert.include(signed.body, ">O'Brien &gt; Pérez &amp; Cía. &lt;S.A.&gt;</campoAdicional>")
    assert.equal(wellFormed(signed.body), '')
    const xsd = validateAgainstXsd(stripSignature(signed.body), 'factura_V2.1.0.xsd')
    assert.isTrue(xsd.valid, xsd.output)
    const verified = verifyWithXmlsec(signed.body, sampleCredential().p12.ca.pem, 'factura')
    assert.isTrue(verified.valid, verified.output)

    // The parsed document gives the names back exactly as typed.
    const parsed = new DOMParser().parseFromString(signed.body, 'text/xml')
    const names = Array.from(parsed.getElementsByTagName('campoAdicional')).map((element) =>
      element.getAttribute('nombre')
    )
    assert.includeMembers(names, ['Saldo > 30 días', 'Nota <importante> & "urgente"', 'Ruta a/>b'])
  })
})
