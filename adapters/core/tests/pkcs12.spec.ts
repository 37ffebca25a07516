import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, createPublicKey } from 'node:crypto'
import { test } from '@japa/runner'
import forge from 'node-forge'
import {
  MAX_PKCS12_ITERATIONS,
  MAX_PKCS12_TOTAL_ITERATIONS,
  parseCertificate,
  parsePkcs12,
  pkcs12FromContents,
  pkcs12IterationCounts,
  readPkcs12,
} from '#adapters/core/pkcs12'
import { TaxCertificateError, type CertificateProblemData } from '#adapters/core/errors'
import {
  createTestCertificate,
  createTestP12,
  testKeyPair,
} from '#adapters/core/testing/certificates'

function reasonOf(run: () => unknown): string | undefined {
  return refusalOf(run)?.reason
}

function refusalOf(
  run: () => unknown
): { reason: string; data: CertificateProblemData } | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof TaxCertificateError) return { reason: error.reason, data: error.data }
    throw error
  }
  return undefined
}

function asn1Of(p12: Buffer) {
  return forge.asn1.fromDer(p12.toString('binary'))
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

  test('a self-signed CA:TRUE certificate without keyUsage (openssl req -x509) signs, flagged self_signed', ({
    assert,
  }) => {
    const file = createTestP12({ password: '', signer: { selfSigned: true } })
    const parsed = parsePkcs12(file.p12, '')
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.isTrue(parsed.certificate.isCA)
    assert.deepEqual(parsed.certificate.keyUsage, [])
    assert.isTrue(parsed.certificate.selfSigned)
    assert.equal(parsed.notAccreditedReason, 'self_signed')
    assert.lengthOf(parsed.chain, 0)
  })

  test('a CA certificate paired with the key signs, flagged ca_certificate', ({ assert }) => {
    const file = createTestP12({
      signer: { ca: true, keyUsage: ['digitalSignature', 'keyCertSign'] },
    })
    const parsed = parsePkcs12(file.p12, file.password)
    assert.deepEqual(parsed.certificate.der, file.signer.der)
    assert.isFalse(parsed.certificate.selfSigned)
    assert.equal(parsed.notAccreditedReason, 'ca_certificate')
  })

  test('a certificate issued by a CA is not flagged; the CA in the file is self-signed', ({
    assert,
  }) => {
    const parsed = parsePkcs12(createTestP12().p12, 'Clave-De-Prueba-2024')
    assert.isNull(parsed.notAccreditedReason)
    assert.isFalse(parsed.certificate.selfSigned)
    assert.isTrue(parsed.chain[0].selfSigned)
  })

  test('among certificates of the same key, digitalSignature wins, then the end-entity one', ({
    assert,
  }) => {
    const usage = createTestP12({
      signer: { keyUsage: ['nonRepudiation'] },
      extraCertificates: [{ keyUsage: ['digitalSignature'] }],
    })
    assert.deepEqual(parsePkcs12(usage.p12, usage.password).certificate.der, usage.extra[0].der)

    const endEntity = createTestP12({
      signer: { ca: true, keyUsage: ['digitalSignature'] },
      extraCertificates: [{ ca: false, keyUsage: ['digitalSignature'] }],
    })
    const parsed = parsePkcs12(endEntity.p12, endEntity.password)
    assert.deepEqual(parsed.certificate.der, endEntity.extra[0].der)
    assert.isNull(parsed.notAccreditedReason)
  })

  test('readPkcs12 returns plain data that rebuilds the same result', ({ assert }) => {
    const file = createTestP12({ encryptionPair: true })
    const contents = readPkcs12(file.p12, file.password)
    // What a worker thread posts back must survive a structured clone.
    const rebuilt = pkcs12FromContents(structuredClone(contents))
    const direct = parsePkcs12(file.p12, file.password)
    assert.deepEqual(rebuilt.certificate.der, direct.certificate.der)
    assert.deepEqual(
      rebuilt.chain.map((cert) => cert.fingerprint.sha256),
      direct.chain.map((cert) => cert.fingerprint.sha256)
    )
    assert.equal(rebuilt.keyFriendlyName, 'Signing Key')
    assert.equal(rebuilt.keyCount, 2)
    assert.isTrue(
      rebuilt.privateKey.equals(direct.privateKey),
      'the cloned KeyObject is the same key'
    )
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

  test('a key without its certificate: key_mismatch', ({ assert }) => {
    const file = createTestP12({ omitSignerCertificate: true })
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, file.password)),
      'key_mismatch'
    )
  })

  test('file without private key', ({ assert }) => {
    const file = createTestP12({ withoutKeys: true })
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, file.password)),
      'no_private_key'
    )
  })

  test('the certificate of the key cannot sign: the refusal names its usages', ({ assert }) => {
    const file = createTestP12({ signer: { keyUsage: ['keyEncipherment', 'dataEncipherment'] } })
    const refusal = refusalOf(() => parsePkcs12(file.p12, file.password))
    assert.equal(refusal?.reason, 'no_signing_certificate')
    assert.equal(refusal?.data.usages, 'keyEncipherment, dataEncipherment')
  })

  test('expired and not-yet-valid certificates', ({ assert }) => {
    const expired = createTestP12({
      signer: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') },
    })
    assert.deepEqual(
      refusalOf(() => parsePkcs12(expired.p12, expired.password)),
      { reason: 'expired', data: { date: '2022-01-01' } }
    )
    const future = createTestP12({
      signer: {
        notBefore: new Date(Date.now() + 86400_000 * 10),
        notAfter: new Date(Date.now() + 86400_000 * 400),
      },
    })
    assert.deepEqual(
      refusalOf(() => parsePkcs12(future.p12, future.password)),
      {
        reason: 'not_yet_valid',
        data: { date: future.signer.cert.validity.notBefore.toISOString().slice(0, 10) },
      }
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

test.group('PKCS#12 | iteration counts', () => {
  test('the counts are read from the ASN.1 without any key', ({ assert }) => {
    const file = createTestP12({ iterations: 2048, macIterations: 4096 })
    assert.deepEqual(pkcs12IterationCounts(asn1Of(file.p12)), {
      mac: 4096,
      encryption: [2048, 2048],
    })
  })

  test('10,000,000 iterations in the MAC, the certificates or a key are refused before any derivation', ({
    assert,
  }) => {
    // The files only claim the count (their MAC and ciphertexts use 2,048):
    // deriving with the claim would end in "wrong password" after minutes,
    // so this reason proves the refusal came first.
    for (const claim of ['mac', 'certificates', 'keys'] as const) {
      const file = createTestP12({ claimedIterations: { [claim]: 10_000_000 } })
      assert.deepEqual(
        refusalOf(() => parsePkcs12(file.p12, file.password)),
        { reason: 'too_many_iterations', data: { count: 10_000_000, max: MAX_PKCS12_ITERATIONS } },
        claim
      )
    }
  })

  test('a key bag inside an encrypted SafeContents is checked before its own derivation', ({
    assert,
  }) => {
    const file = createTestP12({
      keysInEncryptedSafe: true,
      claimedIterations: { keys: 10_000_000 },
    })
    // Not visible before the certificates' SafeContents is decrypted…
    assert.deepEqual(pkcs12IterationCounts(asn1Of(file.p12)).encryption, [2048])
    // …and still refused before the key's derivation.
    assert.equal(
      reasonOf(() => parsePkcs12(file.p12, file.password)),
      'too_many_iterations'
    )
    const plain = createTestP12({ keysInEncryptedSafe: true })
    assert.equal(parsePkcs12(plain.p12, plain.password).keyCount, 1)
  })

  test('many derivations under the per-count limit are refused by the total', ({ assert }) => {
    // MAC + certificates + three keys, each claiming 900,000 = 4.5 million.
    const file = createTestP12({
      encryptionPair: true,
      expiredPair: true,
      claimedIterations: { mac: 900_000, certificates: 900_000, keys: 900_000 },
    })
    const refusal = refusalOf(() => parsePkcs12(file.p12, file.password))
    assert.equal(refusal?.reason, 'too_many_iterations')
    assert.equal(refusal?.data.max, MAX_PKCS12_TOTAL_ITERATIONS)
    assert.isAbove(refusal!.data.count!, MAX_PKCS12_TOTAL_ITERATIONS)
  })

  test('the refusal says the count and the limit in Spanish and English', ({ assert }) => {
    const file = createTestP12({ claimedIterations: { mac: 10_000_000 } })
    try {
      parsePkcs12(file.p12, file.password)
      assert.fail('expected E_TAX_CERTIFICATE')
    } catch (error) {
      const refusal = error as TaxCertificateError
      assert.include(refusal.messages.es, '10.000.000 iteraciones')
      assert.include(refusal.messages.es, 'máximo 1.000.000')
      assert.include(refusal.messages.en, '10,000,000 iterations')
    }
  })
})
