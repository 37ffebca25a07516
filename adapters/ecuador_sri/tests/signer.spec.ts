import { createHash, createPublicKey } from 'node:crypto'
import { test } from '@japa/runner'
import { DOMParser } from '@xmldom/xmldom'
import { TaxCertificateError, TaxSigningError } from '#adapters/core/errors'
import { parsePkcs12 } from '#adapters/core/pkcs12'
import { createTestCa, createTestP12 } from '#adapters/core/testing/certificates'
import type { IssuerContext } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import {
  DS_NS,
  ETSI_NS,
  SriSigner,
  ecuadorTimestamp,
  sriIssuerName,
} from '#adapters/ecuador_sri/signer'
import {
  credentialFrom,
  sampleCreditNote,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'
import {
  stripSignature,
  validateAgainstXsd,
  verifyWithXmlCrypto,
  verifyWithXmlsec,
} from '#adapters/ecuador_sri/testing/xml_checks'

async function signWith(issuer: IssuerContext, doc = tenLineInvoice(1)) {
  const authority = new SriAuthority()
  const built = await authority.buildDocument(doc, issuer)
  return { built, signed: await authority.sign(built, issuer) }
}

function text(xml: string, localName: string, ns: string = DS_NS): string {
  const document = new DOMParser().parseFromString(xml, 'text/xml')
  return document.getElementsByTagNameNS(ns, localName)[0]?.textContent ?? ''
}

const p12Variants = [
  { name: 'plain 2048-bit, 3DES', options: {} },
  { name: 'legacy RC2-40 P12', options: { algorithm: '40bitRC2' as const } },
  {
    name: 'P12 with several certificates (CA, encryption pair first, expired pair)',
    options: { encryptionPair: true, expiredPair: true },
  },
  {
    name: 'identity in BCE-style extensions',
    options: { signer: { identityIn: 'extension' as const } },
  },
]

test.group('SRI signer | verification by independent tools', () => {
  for (const variant of p12Variants) {
    test(`${variant.name}: xml-crypto and xmlsec1 verify the signature`, async ({ assert }) => {
      const { p12, credential } = credentialFrom({
        ...variant.options,
        signer: { ruc: '1710034065001', ...(variant.options as { signer?: object }).signer },
      })
      const issuer = sampleIssuer({ credentials: { signing: credential } })
      const { signed } = await signWith(issuer)

      const viaXmlCrypto = verifyWithXmlCrypto(signed.body, p12.signer.pem)
      assert.isTrue(viaXmlCrypto.valid, viaXmlCrypto.errors.join('; '))
      const viaXmlsec = verifyWithXmlsec(signed.body, p12.ca.pem, 'factura')
      assert.isTrue(viaXmlsec.valid, viaXmlsec.output)
      assert.include(viaXmlsec.output, 'SignedInfo References (ok/all): 3/3')
    })
  }

  test('credit notes verify too, and the signed XML minus ds:Signature still passes the XSD', async ({
    assert,
  }) => {
    const { p12, credential } = credentialFrom({})
    const issuer = sampleIssuer({ credentials: { signing: credential } })
    const { signed } = await signWith(issuer, sampleCreditNote(3))
    assert.isTrue(verifyWithXmlsec(signed.body, p12.ca.pem, 'notaCredito').valid)
    assert.isTrue(verifyWithXmlCrypto(signed.body, p12.signer.pem).valid)
    const verdict = validateAgainstXsd(stripSignature(signed.body), 'NotaCredito_V1.1.0.xsd')
    assert.isTrue(verdict.valid, verdict.output)

    const invoice = await signWith(issuer)
    const invoiceVerdict = validateAgainstXsd(
      stripSignature(invoice.signed.body),
      'factura_V2.1.0.xsd'
    )
    assert.isTrue(invoiceVerdict.valid, invoiceVerdict.output)
  })

  test('a document changed after signing no longer verifies', async ({ assert }) => {
    const { p12, credential } = credentialFrom({})
    const { signed } = await signWith(sampleIssuer({ credentials: { signing: credential } }))
    const tampered = signed.body.replace('<importeTotal>158.96<', '<importeTotal>1.00<')
    assert.notEqual(tampered, signed.body)
    assert.isFalse(verifyWithXmlCrypto(tampered, p12.signer.pem).valid)
    assert.isFalse(verifyWithXmlsec(tampered, p12.ca.pem, 'factura').valid)
  })

  test('a signature from another key does not verify against the certificate', async ({
    assert,
  }) => {
    const { credential } = credentialFrom({})
    const other = createTestP12({ signer: { keySlot: 'someone-else' } })
    const { signed } = await signWith(sampleIssuer({ credentials: { signing: credential } }))
    assert.isFalse(verifyWithXmlCrypto(signed.body, other.signer.pem).valid)
  })
})

test.group('SRI signer | XAdES-BES details SRI checks', () => {
  test('structure: signature is the last child; three SHA-1 references in order; RSA-SHA1; inclusive C14N', async ({
    assert,
  }) => {
    const { signed } = await signWith(sampleIssuer())
    assert.match(signed.body, /<\/ds:Signature><\/factura>$/)
    const document = new DOMParser().parseFromString(signed.body, 'text/xml')
    const root = document.documentElement!
    let last = root.lastChild
    while (last && last.nodeType !== 1) last = last.previousSibling
    assert.equal((last as Element).localName, 'Signature')

    const references = Array.from(document.getElementsByTagNameNS(DS_NS, 'Reference'))
    assert.lengthOf(references, 3)
    assert.equal(references[0].getAttribute('Type'), 'http://uri.etsi.org/01903#SignedProperties')
    const signedProperties = document.getElementsByTagNameNS(ETSI_NS, 'SignedProperties')[0]
    assert.equal(references[0].getAttribute('URI'), `#${signedProperties.getAttribute('Id')}`)
    const keyInfo = document.getElementsByTagNameNS(DS_NS, 'KeyInfo')[0]
    assert.equal(references[1].getAttribute('URI'), `#${keyInfo.getAttribute('Id')}`)
    assert.equal(references[2].getAttribute('URI'), '#comprobante')
    const transforms = references[2].getElementsByTagNameNS(DS_NS, 'Transform')
    assert.equal(
      transforms[0].getAttribute('Algorithm'),
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature'
    )
    for (const method of Array.from(document.getElementsByTagNameNS(DS_NS, 'DigestMethod'))) {
      assert.equal(method.getAttribute('Algorithm'), 'http://www.w3.org/2000/09/xmldsig#sha1')
    }
    assert.equal(
      document.getElementsByTagNameNS(DS_NS, 'SignatureMethod')[0].getAttribute('Algorithm'),
      'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
    )
    assert.equal(
      document.getElementsByTagNameNS(DS_NS, 'CanonicalizationMethod')[0].getAttribute('Algorithm'),
      'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'
    )
    const dataObjectFormat = document.getElementsByTagNameNS(ETSI_NS, 'DataObjectFormat')[0]
    assert.equal(
      dataObjectFormat.getAttribute('ObjectReference'),
      `#${references[2].getAttribute('Id')}`
    )
    assert.equal(text(signed.body, 'MimeType', ETSI_NS), 'text/xml')
  })

  test('SigningCertificate: SHA-1 of the DER, decimal serial, issuer name as X500Principal reads it', async ({
    assert,
  }) => {
    const p12 = createTestP12({ signer: { serialHex: 'c0ffee15900d5e7a1a9b3cdeadbeef01' } })
    const credential = parsePkcs12(p12.p12, p12.password)
    const { signed } = await signWith(sampleIssuer({ credentials: { signing: credential } }))

    assert.equal(
      text(signed.body, 'X509SerialNumber'),
      BigInt('0xc0ffee15900d5e7a1a9b3cdeadbeef01').toString(10)
    )
    assert.equal(
      text(signed.body, 'X509IssuerName'),
      'EMAILADDRESS=ca@facturo.test,CN=AUTORIDAD DE CERTIFICACION FACTURO PRUEBAS,' +
        'OU=ENTIDAD DE CERTIFICACION DE PRUEBA,O=FACTURO PRUEBAS S.A.,L=QUITO,C=EC'
    )
    const certDigest = Array.from(
      new DOMParser()
        .parseFromString(signed.body, 'text/xml')
        .getElementsByTagNameNS(ETSI_NS, 'CertDigest')[0]
        .getElementsByTagNameNS(DS_NS, 'DigestValue')
    )[0].textContent
    assert.equal(certDigest, createHash('sha1').update(p12.signer.der).digest('base64'))
    assert.equal(text(signed.body, 'X509Certificate'), p12.signer.der.toString('base64'))
  })

  test('RSAKeyValue: Modulus is n and Exponent is e (not swapped)', async ({ assert }) => {
    const { signed } = await signWith(sampleIssuer())
    const jwk = createPublicKey(sampleIssuer().credentials.signing!.privateKey).export({
      format: 'jwk',
    })
    assert.equal(text(signed.body, 'Modulus'), Buffer.from(jwk.n!, 'base64url').toString('base64'))
    assert.equal(text(signed.body, 'Exponent'), 'AQAB')
  })

  test('SigningTime is Ecuador time with the -05:00 offset', ({ assert }) => {
    assert.equal(
      ecuadorTimestamp(new Date('2026-03-15T03:20:30.456Z')),
      '2026-03-14T22:20:30-05:00'
    )
    const signer = new SriSigner(sampleIssuer().credentials.signing!)
    const built = tenLineInvoice(1)
    return new SriAuthority().buildDocument(built, sampleIssuer()).then((doc) => {
      const { xml, signingTime } = signer.sign(doc.body, {
        signingTime: new Date('2026-11-20T15:00:00Z'),
        id: '424242',
      })
      assert.equal(signingTime, '2026-11-20T10:00:00-05:00')
      assert.include(xml, '<etsi:SigningTime>2026-11-20T10:00:00-05:00</etsi:SigningTime>')
      assert.include(xml, 'Id="Signature424242"')
    })
  })

  test('issuer names: reversed RDNs, multi-valued RDNs with "+", special characters escaped, unknown types as OIDs', ({
    assert,
  }) => {
    const ca = createTestCa({
      keySlot: 'odd-ca',
      attributes: [
        { shortName: 'C', value: 'EC' },
        { shortName: 'O', value: 'SECURITY DATA S.A. 2' },
        { shortName: 'OU', value: 'ENTIDAD, DE "CERTIFICACION"' },
        { type: '2.5.4.97', value: 'VATEC-1791714350001' },
        { shortName: 'CN', value: 'AC SUB 1' },
      ],
    })
    const credential = credentialFrom({ signer: { issuer: ca } }).credential
    assert.equal(
      sriIssuerName(credential.certificate.issuer),
      'CN=AC SUB 1,2.5.4.97=VATEC-1791714350001,OU=ENTIDAD\\, DE \\"CERTIFICACION\\",O=SECURITY DATA S.A. 2,C=EC'
    )
    const grouped = sriIssuerName([
      { oid: '2.5.4.6', value: 'EC', valueTag: 19, rdn: 0 },
      { oid: '2.5.4.5', value: '0000', valueTag: 19, rdn: 1 },
      { oid: '2.5.4.3', value: 'BCE', valueTag: 19, rdn: 1 },
    ])
    assert.equal(grouped, 'SERIALNUMBER=0000+CN=BCE,C=EC')
  })
})

test.group('SRI signer | refusals', () => {
  test('an expired certificate is refused with E_TAX_CERTIFICATE (expired)', async ({ assert }) => {
    const { credential } = credentialFrom({
      signer: { notBefore: new Date('2020-01-01'), notAfter: new Date('2023-01-01') },
    })
    const issuer = sampleIssuer({ credentials: { signing: credential } })
    const authority = new SriAuthority()
    const built = await authority.buildDocument(tenLineInvoice(1), issuer)
    try {
      await authority.sign(built, issuer)
      assert.fail('expected E_TAX_CERTIFICATE')
    } catch (error) {
      assert.instanceOf(error, TaxCertificateError)
      assert.equal((error as TaxCertificateError).reason, 'expired')
      // The refusal names the day it expired.
      assert.equal(
        (error as TaxCertificateError).messages.es,
        'El certificado de firma caducó el 2023-01-01.'
      )
      assert.equal((error as TaxCertificateError).data.date, '2023-01-01')
    }
  })

  test('a certificate not valid yet is refused (not_yet_valid)', async ({ assert }) => {
    const { credential } = credentialFrom({
      signer: {
        notBefore: new Date(Date.now() + 7 * 86400_000),
        notAfter: new Date(Date.now() + 400 * 86400_000),
      },
    })
    const signer = new SriSigner(credential)
    const built = await new SriAuthority().buildDocument(tenLineInvoice(1), sampleIssuer())
    assert.throws(() => signer.sign(built.body), /not valid yet/)
  })

  test('a wrong P12 password is a clear E_TAX_CERTIFICATE before any signing', ({ assert }) => {
    const p12 = createTestP12({ algorithm: '40bitRC2' })
    try {
      parsePkcs12(p12.p12, 'otra-clave')
      assert.fail('expected E_TAX_CERTIFICATE')
    } catch (error) {
      assert.equal((error as TaxCertificateError).reason, 'wrong_password')
      assert.equal(
        (error as TaxCertificateError).messages.es,
        'La contraseña del certificado no es correcta.'
      )
    }
  })

  test('XML that is not a canonical comprobante is refused with E_TAX_SIGNING', async ({
    assert,
  }) => {
    const signer = new SriSigner(sampleIssuer().credentials.signing!)
    const { body } = await new SriAuthority().buildDocument(tenLineInvoice(1), sampleIssuer())
    const variants = [
      body.replace('<propina>0.00</propina>', '<propina/>'),
      body.replace('<factura ', '<factura xmlns:x="urn:x" '),
      body.replace('<detalles>', '<!-- c --><detalles>'),
      '<?xml version="1.0"?><other id="comprobante"></other>',
    ]
    for (const xml of variants) {
      assert.throws(() => signer.sign(xml), TaxSigningError as never)
    }
    const { xml } = signer.sign(body)
    assert.throws(() => signer.sign(xml), TaxSigningError as never)
  })
})
