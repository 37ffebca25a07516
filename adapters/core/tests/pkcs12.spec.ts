import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, createPublicKey } from 'node:crypto'
import { test } from '@japa/runner'
import {
  certificateMatchesTaxId,
  findTaxpayerIds,
  parseCertificate,
  parsePkcs12,
} from '#adapters/core/pkcs12'
import { TaxCertificateError } from '#adapters/core/errors'
import {
  createTestCertificate,
  createTestP12,
  testKeyPair,
} from '#adapters/core/testing/certificates'

function reasonOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof TaxCertificateError) return error.reason
    throw error
  }
  return undefined
}

test.group('PKCS#12 | parsing', () => {
  test('reads a 3DES file and returns a node:crypto key matching the certificate', ({ assert }) => {
    const file = createTestP12({ algorithm: '3des' })
    const parsed = parsePkcs12(file.p12, file.password)

    assert.equal(parsed.privateKey.type, 'private')
    assert.equal(parsed.privateKey.asymmetricKeyType, 'rsa')
    const publicJwk = createPublicKey(parsed.privateKey).export({ format: 'jwk' })
    assert.equal(
      Buffer.from(publicJwk.n!, 'base64url').toString('hex'),
      parsed.certificate.modulusHex
    )
    assert.equal(parsed.fingerprint.sha1, createHash('sha1').update(file.signer.der).digest('hex'))
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.equal(parsed.keyCount, 1)
    assert.lengthOf(parsed.chain, 1)
    assert.isTrue(parsed.chain[0].isCA)
  })

  test('reads legacy RC2-40 encrypted certificate bags', ({ assert }) => {
    const file = createTestP12({ algorithm: '40bitRC2', keyAlgorithm: '40bitRC2' })
    const parsed = parsePkcs12(file.p12, file.password)
    assert.deepEqual(parsed.certificate.der, file.signer.der)
  })

  test('our test files are real PKCS#12: OpenSSL (legacy provider) reads them', ({ assert }) => {
    const file = createTestP12({ algorithm: '40bitRC2' })
    const dir = mkdtempSync(join(tmpdir(), 'facturo-p12-'))
    try {
      writeFileSync(join(dir, 'a.p12'), file.p12)
      const output = execFileSync(
        'openssl',
        [
          'pkcs12',
          '-legacy',
          '-in',
          join(dir, 'a.p12'),
          '-passin',
          `pass:${file.password}`,
          '-info',
          '-nokeys',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
      )
      assert.include(output, 'BEGIN CERTIFICATE')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('reads files exported by OpenSSL 3, modern (AES) and legacy', ({ assert }) => {
    const cert = createTestCertificate({ keySlot: 'openssl-export' })
    const dir = mkdtempSync(join(tmpdir(), 'facturo-p12-'))
    try {
      writeFileSync(join(dir, 'key.pem'), cert.key.privateKeyPem)
      writeFileSync(join(dir, 'cert.pem'), cert.pem)
      for (const extra of [[], ['-legacy']]) {
        const out = join(dir, `out${extra.length}.p12`)
        execFileSync('openssl', [
          'pkcs12',
          '-export',
          ...extra,
          '-inkey',
          join(dir, 'key.pem'),
          '-in',
          join(dir, 'cert.pem'),
          '-passout',
          'pass:s3creto',
          '-out',
          out,
        ])
        const parsed = parsePkcs12(readFileSync(out), 's3creto')
        assert.deepEqual(parsed.certificate.der, cert.der)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('serial number comes as hex and as a decimal big integer', ({ assert }) => {
    const file = createTestP12({ signer: { serialHex: '7a3f0001c0ffee15900d5e7a1a9b3c' } })
    const parsed = parsePkcs12(file.p12, file.password)
    assert.equal(parsed.serial.hex, '7a3f0001c0ffee15900d5e7a1a9b3c')
    assert.equal(parsed.serial.decimal, BigInt('0x7a3f0001c0ffee15900d5e7a1a9b3c').toString())
    assert.isAbove(parsed.serial.decimal.length, 20, 'larger than a double can hold')
  })

  test('issuer and subject attributes are decoded with their RDN positions', ({ assert }) => {
    const parsed = parseCertificate(createTestCertificate({ commonName: 'JOSÉ MUÑOZ' }).pem)
    assert.deepEqual(
      parsed.issuer.map((attribute) => [attribute.shortName, attribute.value, attribute.rdn]),
      [
        ['C', 'EC', 0],
        ['L', 'QUITO', 1],
        ['O', 'FACTURO PRUEBAS S.A.', 2],
        ['OU', 'ENTIDAD DE CERTIFICACION DE PRUEBA', 3],
        ['CN', 'AUTORIDAD DE CERTIFICACION FACTURO PRUEBAS', 4],
        ['E', 'ca@facturo.test', 5],
      ]
    )
    assert.equal(
      parsed.subject.find((attribute) => attribute.shortName === 'CN')?.value,
      'JOSÉ MUÑOZ'
    )
  })
})

test.group('PKCS#12 | choosing the signing pair', () => {
  test('dual-key file (Decryption Key first): picks the digitalSignature certificate and its key', ({
    assert,
  }) => {
    const file = createTestP12({ encryptionPair: true })
    const parsed = parsePkcs12(file.p12, file.password)
    assert.equal(parsed.keyCount, 2)
    assert.equal(parsed.keyFriendlyName, 'Signing Key')
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.include(parsed.certificate.keyUsage, 'digitalSignature')
    assert.lengthOf(parsed.chain, 2)
  })

  test('renewed file with an expired pair: picks the valid one', ({ assert }) => {
    const file = createTestP12({ expiredPair: true, encryptionPair: true })
    const parsed = parsePkcs12(file.p12, file.password)
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.equal(parsed.keyCount, 3)
  })

  test('pairs key and certificate by modulus, not by order', ({ assert }) => {
    // The encryption pair comes first in both bags; a bag-order pick would return its key.
    const file = createTestP12({ encryptionPair: true })
    const parsed = parsePkcs12(file.p12, file.password)
    const publicJwk = createPublicKey(parsed.privateKey).export({ format: 'jwk' })
    const signerModulus = testKeyPair('signer').publicKey.n.toString(16)
    assert.equal(
      Buffer.from(publicJwk.n!, 'base64url').toString('hex').replace(/^0+/, ''),
      signerModulus
    )
  })
})

test.group('PKCS#12 | errors', () => {
  test('wrong password', ({ assert }) => {
    const file = createTestP12({ algorithm: '40bitRC2' })
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, 'not-the-password')),
      'wrong_password'
    )
  })

  test('not a PKCS#12 file', ({ assert }) => {
    assert.equal(
      reasonOf(() => parsePkcs12(Buffer.from('%PDF-1.7 hello'), 'x')),
      'not_pkcs12'
    )
    assert.equal(
      reasonOf(() => parsePkcs12(createTestCertificate().der, 'x')),
      'not_pkcs12'
    )
  })

  test('file without private key', ({ assert }) => {
    const file = createTestP12({ withoutKeys: true })
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, file.password)),
      'no_private_key'
    )
  })

  test('no certificate with digital-signature usage', ({ assert }) => {
    const file = createTestP12({ signer: { keyUsage: ['keyEncipherment'] } })
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, file.password)),
      'no_signing_certificate'
    )
  })

  test('expired and not-yet-valid certificates', ({ assert }) => {
    const expired = createTestP12({
      signer: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') },
    })
    assert.equal(
      reasonOf(() => parsePkcs12(expired.p12, expired.password)),
      'expired'
    )
    const future = createTestP12({
      signer: {
        notBefore: new Date(Date.now() + 86400_000 * 10),
        notAfter: new Date(Date.now() + 86400_000 * 400),
      },
    })
    assert.equal(
      reasonOf(() => parsePkcs12(future.p12, future.password)),
      'not_yet_valid'
    )
    // With `at: null` the details can still be read (to show them to the user).
    assert.equal(
      parsePkcs12(expired.p12, expired.password, { at: null }).notAfter.toISOString(),
      '2022-01-01T00:00:00.000Z'
    )
  })

  test('errors carry a stable code, a 422 status and Spanish and English text', ({ assert }) => {
    try {
      parsePkcs12(createTestP12().p12, 'bad')
      assert.fail('expected an error')
    } catch (error) {
      const certificateError = error as TaxCertificateError
      assert.equal(certificateError.code, 'E_TAX_CERTIFICATE')
      assert.equal(certificateError.status, 422)
      assert.isFalse(certificateError.retryable)
      assert.equal(certificateError.i18nKey, 'tax.certificate.wrong_password')
      assert.include(certificateError.messages.es, 'contraseña')
      assert.instanceOf(certificateError.cause, Error)
    }
  })
})

test.group('PKCS#12 | taxpayer id in the certificate', () => {
  test('new profile: organizationIdentifier and serialNumber in the subject, prefixes stripped', ({
    assert,
  }) => {
    const cert = parseCertificate(
      createTestCertificate({ ruc: '0992397535001', cedula: '0926687856' }).pem
    )
    assert.deepEqual(
      findTaxpayerIds(cert).map((id) => [id.kind, id.value]),
      [
        ['cedula', '0926687856'],
        ['ruc', '0992397535001'],
      ]
    )
  })

  test('legacy BCE-style extensions and Uanataca-style subjectAltName otherNames', ({ assert }) => {
    const bce = parseCertificate(
      createTestCertificate({ ruc: '1790011674001', identityIn: 'extension' }).pem
    )
    assert.deepEqual(findTaxpayerIds(bce), [
      { value: '1790011674001', kind: 'ruc', source: '1.3.6.1.4.1.37947.3.11' },
    ])
    const uanataca = parseCertificate(
      createTestCertificate({ ruc: '1790011674001', cedula: '1710034065', identityIn: 'san' }).pem
    )
    assert.sameDeepMembers(
      findTaxpayerIds(uanataca).map((id) => id.value),
      ['1790011674001', '1710034065']
    )
  })

  test('a natural person matches by RUC or by the cédula it starts with; a company only by RUC', ({
    assert,
  }) => {
    const person = parseCertificate(createTestCertificate({ cedula: '1710034065' }).pem)
    assert.isTrue(certificateMatchesTaxId(person, '1710034065001').matches)
    assert.isFalse(certificateMatchesTaxId(person, '1790011674001').matches)

    const employee = parseCertificate(
      createTestCertificate({ cedula: '1790011674', ruc: '1790011674001' }).pem
    )
    assert.isTrue(certificateMatchesTaxId(employee, '1790011674001').matches)
    // A cédula never proves a company RUC, even when the digits coincide.
    const cedulaOnly = parseCertificate(createTestCertificate({ cedula: '1790011674' }).pem)
    assert.isFalse(certificateMatchesTaxId(cedulaOnly, '1790011674001').matches)
  })
})
