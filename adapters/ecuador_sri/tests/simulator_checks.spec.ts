/*
 * The simulator's own checks: clave de acceso, comprobante structure and the
 * XAdES-BES signature.
 */
import { X509Certificate } from 'node:crypto'
import { test } from '@japa/runner'
import { SignedXml } from 'xml-crypto'
import { DOMParser } from '@xmldom/xmldom'
import { createTestCertificate } from '#adapters/core/testing/certificates'
import {
  accessKeyFields,
  accessKeyProblem,
  moduloElevenDigit,
} from '#adapters/ecuador_sri/simulator/access_key_check'
import {
  inspectComprobante,
  MAX_COMPROBANTE_BYTES,
} from '#adapters/ecuador_sri/simulator/document_checks'
import { verifyComprobanteSignature } from '#adapters/ecuador_sri/simulator/signature_check'
import {
  sampleComprobante,
  signedSample,
  signSampleXml,
} from '#adapters/ecuador_sri/tests/simulator_fixtures'

test.group('SRI simulator | clave de acceso', () => {
  test('módulo 11 on a published sample key (check digit 0)', ({ assert }) => {
    const key = '2501202201179236683600110010010000000013121521410'
    assert.equal(moduloElevenDigit(key.slice(0, 48)), 0)
    assert.isNull(accessKeyProblem(key))
  })

  // Hand-computed: weights 2,3,4,5,6,7 from the right, then 2 again.
  const rows: Array<[string, number, string]> = [
    ['0'.repeat(48), 0, 'sum 0 → 11 → 0'],
    ['0'.repeat(47) + '1', 9, '1×2 = 2 → 9'],
    ['0'.repeat(47) + '5', 1, '5×2 = 10 → 1'],
    ['0'.repeat(47) + '6', 1, '6×2 = 12 ≡ 1 → 10 → 1'],
    ['0'.repeat(46) + '10', 8, '1×3 = 3 → 8'],
    ['0'.repeat(42) + '100000', 4, '1×7 = 7 → 4'],
    ['0'.repeat(41) + '1000000', 9, 'the 7th digit weighs 2 again → 9'],
    ['0'.repeat(47) + '8', 6, '8×2 = 16 ≡ 5 → 6'],
  ]
  for (const [digits, expected, why] of rows) {
    test(`módulo 11: ${why}`, ({ assert }) => {
      assert.equal(moduloElevenDigit(digits), expected)
    })
  }

  test('malformed claves are named precisely', ({ assert }) => {
    const good = '2501202201179236683600110010010000000013121521410'
    assert.match(accessKeyProblem(good.slice(0, 48))!, /49 dígitos/)
    assert.match(accessKeyProblem(good.replace(/^2/, 'X'))!, /49 dígitos/)
    assert.match(
      accessKeyProblem(good.slice(0, 48) + '7')!,
      /dígito verificador incorrecto: 7, se esperaba 0/
    )
    assert.match(accessKeyProblem('')!, /vacía/)
  })

  test('fields are split at the positions of the ficha técnica', ({ assert }) => {
    assert.deepEqual(accessKeyFields('2501202201179236683600110010010000000013121521410'), {
      date: '25012022',
      documentCode: '01',
      ruc: '1792366836001',
      environment: '1',
      establishment: '001',
      emissionPoint: '001',
      sequential: '000000001',
      numericCode: '31215214',
      emissionType: '1',
      checkDigit: '0',
    })
  })
})

test.group('SRI simulator | comprobante checks at recepción', () => {
  test('a well-formed factura and notaCredito pass', ({ assert }) => {
    for (const root of ['factura', 'notaCredito'] as const) {
      const sample = sampleComprobante({ root })
      const outcome = inspectComprobante(sample.xml)
      assert.isTrue(outcome.ok)
      if (outcome.ok) {
        assert.equal(outcome.comprobante.rootName, root)
        assert.equal(outcome.comprobante.accessKey, sample.accessKey)
      }
    }
  })

  const rejections: Array<[string, () => string, string, RegExp]> = [
    ['empty payload', () => '', '49', /No se recibió/],
    [
      'unclosed tags',
      () => '<factura id="comprobante"><infoTributaria></factura>',
      '35',
      /mal formado/,
    ],
    ['text outside the root', () => `${sampleComprobante().xml}basura`, '35', /mal formado/],
    [
      'duplicate attributes',
      () => sampleComprobante().xml.replace('id="comprobante"', 'id="comprobante" id="otro"'),
      '35',
      /mal formado/,
    ],
    [
      'an unsupported root (notaDebito)',
      () =>
        sampleComprobante()
          .xml.replace('<factura ', '<notaDebito ')
          .replace('</factura>', '</notaDebito>'),
      '35',
      /notaDebito/,
    ],
    [
      'a root without id="comprobante"',
      () => sampleComprobante().xml.replace('id="comprobante"', 'id="Comprobante"'),
      '35',
      /id/,
    ],
    [
      'a wrong check digit',
      () => {
        const sample = sampleComprobante()
        const wrong =
          sample.accessKey.slice(0, 48) + String((Number(sample.accessKey[48]) + 1) % 10)
        return sample.xml.replace(sample.accessKey, wrong)
      },
      '35',
      /dígito verificador/,
    ],
    [
      'a clave whose date differs from fechaEmision',
      () => {
        const other = sampleComprobante({ issueDate: '16/03/2026' })
        return sampleComprobante({ issueDate: '15/03/2026', overrideAccessKey: other.accessKey })
          .xml
      },
      '58',
      /fechaEmision/,
    ],
    [
      'a clave for another RUC',
      () => {
        const other = sampleComprobante({ ruc: '0990000000001' })
        return sampleComprobante({ overrideAccessKey: other.accessKey }).xml
      },
      '58',
      /ruc/,
    ],
    [
      'a factura carrying a nota de crédito clave',
      () => {
        const other = sampleComprobante({ root: 'notaCredito' })
        return sampleComprobante({ overrideAccessKey: other.accessKey }).xml
      },
      '58',
      /codDoc/,
    ],
    [
      'more than 320 KB',
      () =>
        sampleComprobante().xml.replace(
          '</infoAdicional>',
          `<campoAdicional nombre="x">${'a'.repeat(MAX_COMPROBANTE_BYTES)}</campoAdicional></infoAdicional>`
        ),
      '26',
      /320 KB/,
    ],
  ]

  for (const [label, build, code, detail] of rejections) {
    test(`${label} → ${code}`, ({ assert }) => {
      const outcome = inspectComprobante(build())
      assert.isFalse(outcome.ok)
      if (!outcome.ok) {
        assert.equal(outcome.rejection.code, code)
        assert.match(outcome.rejection.info, detail)
      }
    })
  }
})

/** xml-crypto's own, complete (and slow) verification, as the oracle. */
function xmlCryptoAccepts(xml: string): boolean {
  const document = new DOMParser().parseFromString(xml, 'text/xml')
  const signatures = document.getElementsByTagNameNS(
    'http://www.w3.org/2000/09/xmldsig#',
    'Signature'
  )
  if (signatures.length !== 1) return false
  const certificate = document.getElementsByTagNameNS(
    'http://www.w3.org/2000/09/xmldsig#',
    'X509Certificate'
  )[0]
  let publicCert: string
  try {
    publicCert = new X509Certificate(
      Buffer.from((certificate?.textContent ?? '').replace(/\s+/g, ''), 'base64')
    ).toString()
  } catch {
    return false
  }
  const verifier = new SignedXml({ publicCert, getCertFromKeyInfo: () => null })
  try {
    verifier.loadSignature(signatures[0] as unknown as Node)
    return verifier.checkSignature(xml)
  } catch {
    return false
  }
}

test.group('SRI simulator | XAdES-BES signature check', () => {
  test('a correctly signed comprobante verifies, as xml-crypto agrees', ({ assert }) => {
    const sample = signedSample().xml
    assert.isTrue(xmlCryptoAccepts(sample))
    assert.deepEqual(verifyComprobanteSignature(sample), { valid: true })
    assert.deepEqual(verifyComprobanteSignature(signedSample({ root: 'notaCredito' }).xml), {
      valid: true,
    })
  })

  const tamperings: Array<[string, (xml: string) => string, RegExp]> = [
    [
      'a changed amount in the document',
      (xml) => xml.replace('<importeTotal>11.50<', '<importeTotal>11.49<'),
      /resumen|digest/,
    ],
    [
      'a changed signing time (SignedProperties)',
      (xml) => xml.replace('2026-03-15T10:00:00-05:00', '2026-03-15T10:00:01-05:00'),
      /resumen|digest/,
    ],
    [
      'a changed signature value',
      (xml) =>
        xml.replace(
          /(<ds:SignatureValue[^>]*>)(.)/,
          (_m, open: string, first: string) => `${open}${first === 'A' ? 'B' : 'A'}`
        ),
      /valor de la firma|no se pudo verificar/,
    ],
    [
      'another certificate in KeyInfo',
      (xml) => {
        const other = createTestCertificate({ keySlot: 'sri-simulator-intruder' })
        return xml.replace(
          /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/,
          `<ds:X509Certificate>${other.der.toString('base64')}</ds:X509Certificate>`
        )
      },
      /resumen|digest|valor de la firma/,
    ],
    [
      'a garbage certificate',
      (xml) =>
        xml.replace(
          /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/,
          '<ds:X509Certificate>bm8gZXMgdW4gY2VydGlmaWNhZG8=</ds:X509Certificate>'
        ),
      /no se puede leer/,
    ],
    [
      'no signature at all',
      (xml) => xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''),
      /no tiene firma/,
    ],
    [
      'a signature that does not reference the comprobante',
      (xml) => xml.replace('URI="#comprobante"', 'URI="#Certificate1"'),
      /no referencia al comprobante/,
    ],
    [
      'a second element with id="comprobante" (signature wrapping)',
      (xml) =>
        xml.replace(
          '<campoAdicional nombre="Email">',
          '<campoAdicional nombre="Email" id="comprobante">'
        ),
      /más de un elemento/,
    ],
    [
      'an unsupported digest algorithm',
      (xml) =>
        xml.replace(
          /(URI="#comprobante">[\s\S]*?<ds:DigestMethod Algorithm=")[^"]+/,
          '$1http://www.w3.org/2001/04/xmldsig-more#md5'
        ),
      /no admitido|valor de la firma/,
    ],
    [
      'two signatures',
      (xml) => {
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0]
        return xml.replace(signature, signature + signature.replace(/Id="/g, 'Id="x'))
      },
      /más de una firma/,
    ],
  ]

  for (const [label, tamper, reason] of tamperings) {
    test(`rejects ${label}, as xml-crypto does`, ({ assert }) => {
      const tampered = tamper(signedSample().xml)
      assert.isFalse(xmlCryptoAccepts(tampered))
      const verdict = verifyComprobanteSignature(tampered)
      assert.isFalse(verdict.valid)
      if (!verdict.valid) assert.match(verdict.reason, reason)
    })
  }

  test('a signature made with a different key than the certificate shown fails', ({ assert }) => {
    const signer = createTestCertificate({ keySlot: 'sri-simulator-other-signer' })
    const honest = signSampleXml(sampleComprobante().xml, signer)
    assert.isTrue(verifyComprobanteSignature(honest).valid)
    const liar = createTestCertificate({ keySlot: 'sri-simulator-liar' })
    const forged = honest.replace(
      /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/,
      `<ds:X509Certificate>${liar.der.toString('base64')}</ds:X509Certificate>`
    )
    assert.isFalse(verifyComprobanteSignature(forged).valid)
  })
})
