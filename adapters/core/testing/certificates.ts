/*
|--------------------------------------------------------------------------
| Test certificates
|--------------------------------------------------------------------------
|
| Builds PKCS#12 files at test time, shaped like the ones Ecuadorian CAs
| hand out: a CA, a signing certificate (digitalSignature), optionally an
| encryption-only pair listed first (the BCE dual-key layout) and an old
| expired pair (renewed files), encrypted with legacy RC2-40 or 3DES.
|
| forge can read RC2-40 but only writes AES/3DES key bags with one key, so
| the PFX is assembled here from the PKCS#12 building blocks (RFC 7292):
| encrypted SafeContents for the certificates, shrouded key bags, and a
| SHA-1 HMAC over the AuthenticatedSafe.
|
| RSA keys come from node:crypto (fast) and are cached per slot for the whole
| test run; certificates are cheap and made fresh.
|
*/
import { generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'
import type { KeyUsageFlag } from '#adapters/core/types'

const { asn1, pki } = forge

export type Pkcs12Algorithm = '40bitRC2' | '3des'

export interface TestKeyPair {
  privateKey: forge.pki.rsa.PrivateKey
  publicKey: forge.pki.rsa.PublicKey
  privateKeyPem: string
}

const keyCache = new Map<string, TestKeyPair>()

/**
 * An RSA key pair for tests, generated once per `slot` and `bits` in a run.
 * Different slots give different keys.
 */
export function testKeyPair(slot: string | number = 'default', bits: number = 2048): TestKeyPair {
  const id = `${slot}:${bits}`
  let pair = keyCache.get(id)
  if (!pair) {
    const generated = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 })
    const privateKeyPem = generated.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const privateKey = pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey
    pair = {
      privateKey,
      publicKey: pki.setRsaPublicKey(privateKey.n, privateKey.e),
      privateKeyPem,
    }
    keyCache.set(id, pair)
  }
  return pair
}

export interface TestCa {
  cert: forge.pki.Certificate
  key: TestKeyPair
  pem: string
}

export interface TestCaOptions {
  /** Key slot; defaults to 'ca'. */
  keySlot?: string | number
  /** Issuer name attributes, in order; defaults to an Ecuadorian-looking CA with an e-mail address. */
  attributes?: forge.pki.CertificateField[]
  notBefore?: Date
  notAfter?: Date
}

const DEFAULT_CA_ATTRIBUTES: forge.pki.CertificateField[] = [
  { shortName: 'C', value: 'EC' },
  { shortName: 'L', value: 'QUITO' },
  { shortName: 'O', value: 'FACTURO PRUEBAS S.A.' },
  { shortName: 'OU', value: 'ENTIDAD DE CERTIFICACION DE PRUEBA' },
  { shortName: 'CN', value: 'AUTORIDAD DE CERTIFICACION FACTURO PRUEBAS' },
  { name: 'emailAddress', value: 'ca@facturo.test' },
]

const caCache = new Map<string, TestCa>()

/** A self-signed test CA (cached per key slot when built with default attributes and dates). */
export function createTestCa(options: TestCaOptions = {}): TestCa {
  const slot = options.keySlot ?? 'ca'
  const cacheable = !options.attributes && !options.notBefore && !options.notAfter
  const cacheKey = String(slot)
  if (cacheable && caCache.has(cacheKey)) return caCache.get(cacheKey)!

  const key = testKeyPair(slot)
  const cert = pki.createCertificate()
  cert.publicKey = key.publicKey
  cert.serialNumber = '01'
  cert.validity.notBefore = options.notBefore ?? new Date(Date.UTC(2020, 0, 1))
  cert.validity.notAfter = options.notAfter ?? new Date(Date.UTC(2045, 0, 1))
  const attributes = options.attributes ?? DEFAULT_CA_ATTRIBUTES
  cert.setSubject(attributes)
  cert.setIssuer(attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(key.privateKey, forge.md.sha256.create())
  const ca = { cert, key, pem: pki.certificateToPem(cert) }
  if (cacheable) caCache.set(cacheKey, ca)
  return ca
}

export interface TestCertificateOptions {
  /** Key slot for the holder's key; certificates with the same slot share a key. */
  keySlot?: string | number
  commonName?: string
  /** Holder's RUC. */
  ruc?: string
  /** Holder's cédula. */
  cedula?: string
  /**
   * Where the identity goes: 'subject' (ARCOTEL 2024 profile: organizationIdentifier
   * "VATEC-<ruc>", serialNumber "IDCEC-<cédula>"), 'extension' (BCE-style legacy
   * extensions 1.3.6.1.4.1.37947.3.1/.11) or 'san' (Uanataca-style otherNames).
   */
  identityIn?: 'subject' | 'extension' | 'san'
  notBefore?: Date
  notAfter?: Date
  /**
   * Defaults to digitalSignature + nonRepudiation (none for a self-signed
   * certificate). An empty list omits the extension.
   */
  keyUsage?: KeyUsageFlag[]
  /**
   * Issued by itself, with basicConstraints CA:TRUE and no keyUsage unless
   * given: what `openssl req -x509` and most test suites produce.
   */
  selfSigned?: boolean
  /** basicConstraints CA:TRUE on a certificate the test CA issues. */
  ca?: boolean
  /** Serial as hex; defaults to a long random-looking value (> 64 bits, to exercise big integers). */
  serialHex?: string
  issuer?: TestCa
}

export interface TestCertificate {
  cert: forge.pki.Certificate
  key: TestKeyPair
  pem: string
  der: Buffer
}

let serialCounter = 0

/** A holder certificate signed by the test CA. */
export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const issuer = options.issuer ?? createTestCa()
  const key = testKeyPair(options.keySlot ?? 'signer')
  const cert = pki.createCertificate()
  cert.publicKey = key.publicKey
  serialCounter++
  cert.serialNumber =
    options.serialHex ?? `7a3f${serialCounter.toString(16).padStart(4, '0')}c0ffee15900d5e7a1a9b3c`
  const now = Date.now()
  cert.validity.notBefore = options.notBefore ?? new Date(now - 30 * 86400_000)
  cert.validity.notAfter = options.notAfter ?? new Date(now + 365 * 86400_000)

  const subject: forge.pki.CertificateField[] = [
    { shortName: 'C', value: 'EC' },
    { shortName: 'O', value: 'FACTURO PRUEBAS S.A.' },
    { shortName: 'CN', value: options.commonName ?? 'MARIA JOSE PEREZ' },
  ]
  const identityIn = options.identityIn ?? 'subject'
  const extensions: Array<Record<string, unknown>> = [
    options.selfSigned || options.ca
      ? { name: 'basicConstraints', cA: true, critical: true }
      : { name: 'basicConstraints', cA: false },
    { name: 'subjectKeyIdentifier' },
  ]
  const usage =
    options.keyUsage ?? (options.selfSigned ? [] : ['digitalSignature', 'nonRepudiation'])
  if (usage.length > 0) {
    extensions.push({
      name: 'keyUsage',
      critical: true,
      ...Object.fromEntries(usage.map((flag) => [flag, true])),
    })
  }

  if (identityIn === 'subject') {
    if (options.cedula) subject.push({ type: '2.5.4.5', value: `IDCEC-${options.cedula}` })
    if (options.ruc) subject.push({ type: '2.5.4.97', value: `VATEC-${options.ruc}` })
  } else if (identityIn === 'extension') {
    // BCE legacy profile: each field is an extension whose value wraps a PrintableString.
    const field = (suffix: number, text: string) => ({
      id: `1.3.6.1.4.1.37947.3.${suffix}`,
      critical: false,
      value: asn1
        .toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.PRINTABLESTRING, false, text))
        .getBytes(),
    })
    if (options.cedula) extensions.push(field(1, options.cedula))
    if (options.ruc) extensions.push(field(11, options.ruc))
  } else {
    // Uanataca legacy profile: otherName entries in subjectAltName.
    const otherName = (suffix: number, text: string) =>
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
        asn1.create(
          asn1.Class.UNIVERSAL,
          asn1.Type.OID,
          false,
          asn1.oidToDer(`1.3.6.1.4.1.47286.102.3.${suffix}`).getBytes()
        ),
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, text),
        ]),
      ])
    const names = []
    if (options.cedula) names.push(otherName(1, options.cedula))
    if (options.ruc) names.push(otherName(11, options.ruc))
    extensions.push({
      id: '2.5.29.17',
      critical: false,
      value: asn1
        .toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, names))
        .getBytes(),
    })
  }

  cert.setSubject(subject)
  cert.setIssuer(options.selfSigned ? subject : issuer.cert.subject.attributes)
  cert.setExtensions(extensions)
  cert.sign(options.selfSigned ? key.privateKey : issuer.key.privateKey, forge.md.sha256.create())
  const der = Buffer.from(asn1.toDer(pki.certificateToAsn1(cert)).getBytes(), 'binary')
  return { cert, key, pem: pki.certificateToPem(cert), der }
}

export interface TestP12Options {
  password?: string
  /** Encryption of the certificate SafeContents; legacy files use 40bitRC2. Default '3des'. */
  algorithm?: Pkcs12Algorithm
  /** Encryption of the shrouded key bags. Default '3des' (what OpenSSL's legacy mode writes). */
  keyAlgorithm?: Pkcs12Algorithm
  /** The signing certificate. */
  signer?: TestCertificateOptions
  /** Put the CA certificate in the file too (default true, false for a self-signed signer). */
  includeCa?: boolean
  /**
   * Add an encryption-only pair (keyEncipherment) BEFORE the signing pair,
   * friendlyNames "Decryption Key" / "Signing Key", as in BCE files.
   */
  encryptionPair?: boolean
  /** Add a previous, expired signing pair with another key (a renewed file). */
  expiredPair?: boolean
  /** Leave the private keys out (a certificate-only export). */
  withoutKeys?: boolean
  /** PBE and MAC iteration count (default 2048). */
  iterations?: number
  /** MAC iteration count, when it differs from `iterations`. */
  macIterations?: number
  /**
   * Counts written in the file instead of the ones really used, to build a
   * file that claims, say, 10 million iterations without doing that work.
   * Any reader that derives a key from such a claim gets garbage (a wrong
   * MAC): it has to be refused before derivation.
   */
  claimedIterations?: { mac?: number; certificates?: number; keys?: number }
  /**
   * Put the shrouded key bags inside the encrypted SafeContents, next to the
   * certificates (some exporters do), instead of in a plain one.
   */
  keysInEncryptedSafe?: boolean
  /** Leave the signing certificate out (only its key, plus the other certificates). */
  omitSignerCertificate?: boolean
  /**
   * More certificates after the signer's, without keys of their own: with
   * the default key slot they share the signer's key (a re-issued
   * certificate for the same key), each with its own usages.
   */
  extraCertificates?: TestCertificateOptions[]
}

export interface TestP12 {
  /** The .p12 bytes. */
  p12: Buffer
  password: string
  signer: TestCertificate
  ca: TestCa
  /** Every certificate in the file, in file order. */
  certificates: TestCertificate[]
  /** The `extraCertificates`, in order. */
  extra: TestCertificate[]
}

/** Builds a PKCS#12 file for tests. */
export function createTestP12(options: TestP12Options = {}): TestP12 {
  const password = options.password ?? 'Clave-De-Prueba-2024'
  const ca = options.signer?.issuer ?? createTestCa()
  const signer = createTestCertificate({ ...options.signer, issuer: ca })
  const pairs: Array<{ cert: TestCertificate; friendlyName: string }> = []

  if (options.encryptionPair) {
    pairs.push({
      cert: createTestCertificate({
        ...options.signer,
        issuer: ca,
        keySlot: 'encryption',
        keyUsage: ['keyEncipherment', 'dataEncipherment'],
      }),
      friendlyName: 'Decryption Key',
    })
  }
  if (options.expiredPair) {
    pairs.push({
      cert: createTestCertificate({
        ...options.signer,
        issuer: ca,
        keySlot: 'old-signer',
        notBefore: new Date(Date.UTC(2019, 0, 1)),
        notAfter: new Date(Date.UTC(2021, 0, 1)),
      }),
      friendlyName: 'Old Signing Key',
    })
  }
  pairs.push({ cert: signer, friendlyName: options.encryptionPair ? 'Signing Key' : 'facturo' })

  const extra = (options.extraCertificates ?? []).map((extraOptions) =>
    createTestCertificate({ ...options.signer, ...extraOptions, issuer: ca })
  )
  const certificates = [
    ...pairs
      .map((pair) => pair.cert)
      .filter((cert) => !(options.omitSignerCertificate && cert === signer)),
    ...extra,
  ]
  const certBags = pairs
    .map((pair, index) =>
      options.omitSignerCertificate && pair.cert === signer
        ? null
        : safeBag(
            pki.oids.certBag,
            certBagValue(pair.cert.cert),
            bagAttributes(index, pair.friendlyName)
          )
    )
    .filter((bag): bag is forge.asn1.Asn1 => bag !== null)
  for (const cert of extra) certBags.push(safeBag(pki.oids.certBag, certBagValue(cert.cert)))
  // A self-signed signer has no CA; by default its file holds it alone.
  const includeCa = options.includeCa ?? !options.signer?.selfSigned
  if (includeCa) {
    certBags.push(safeBag(pki.oids.certBag, certBagValue(ca.cert)))
  }

  const iterations = options.iterations ?? 2048
  const claimed = options.claimedIterations ?? {}
  const keyBags = options.withoutKeys
    ? []
    : pairs.map((pair, index) =>
        safeBag(
          pki.oids.pkcs8ShroudedKeyBag,
          shroudedKey(
            pair.cert.key.privateKey,
            password,
            options.keyAlgorithm ?? '3des',
            iterations,
            claimed.keys
          ),
          bagAttributes(index, pair.friendlyName)
        )
      )
  const encryptedBags = options.keysInEncryptedSafe ? [...certBags, ...keyBags] : certBags
  const contents = [
    encryptedContentInfo(
      safeContents(encryptedBags),
      password,
      options.algorithm ?? '3des',
      iterations,
      claimed.certificates
    ),
  ]
  if (keyBags.length > 0 && !options.keysInEncryptedSafe) {
    contents.push(dataContentInfo(safeContents(keyBags)))
  }

  const authSafe = asn1.toDer(seq(contents)).getBytes()
  const pfx = seq([
    integer(3),
    dataContentInfo(authSafe),
    macData(authSafe, password, options.macIterations ?? iterations, claimed.mac),
  ])
  const p12 = Buffer.from(asn1.toDer(pfx).getBytes(), 'binary')
  return {
    p12,
    password,
    signer,
    ca,
    certificates: includeCa ? [...certificates, caAsCertificate(ca)] : certificates,
    extra,
  }
}

function caAsCertificate(ca: TestCa): TestCertificate {
  const der = Buffer.from(asn1.toDer(pki.certificateToAsn1(ca.cert)).getBytes(), 'binary')
  return { cert: ca.cert, key: ca.key, pem: ca.pem, der }
}

/*
|--------------------------------------------------------------------------
| PKCS#12 building blocks
|--------------------------------------------------------------------------
*/

/** forge's PKCS#12 key derivation (RFC 7292 B.2); missing from @types/node-forge. */
const pkcs12Kdf = (
  forge.pki as unknown as {
    pbe: {
      generatePkcs12Key(
        password: string,
        salt: forge.util.ByteStringBuffer,
        id: 1 | 2 | 3,
        iterations: number,
        length: number
      ): forge.util.ByteStringBuffer
    }
  }
).pbe.generatePkcs12Key

const PBE_OIDS: Record<Pkcs12Algorithm, string> = {
  '40bitRC2': '1.2.840.113549.1.12.1.6',
  '3des': '1.2.840.113549.1.12.1.3',
}

function seq(items: forge.asn1.Asn1[]) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items)
}

function set(items: forge.asn1.Asn1[]) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items)
}

function oid(value: string) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes())
}

function octets(bytes: string) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes)
}

function integer(value: number) {
  return asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.INTEGER,
    false,
    asn1.integerToDer(value).getBytes()
  )
}

function explicit0(value: forge.asn1.Asn1) {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [value])
}

function bagAttributes(index: number, friendlyName: string) {
  const localKeyId = forge.util.hexToBytes(`0${index + 1}`.padStart(8, '0'))
  return set([
    seq([
      oid(pki.oids.friendlyName),
      set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName)]),
    ]),
    seq([oid(pki.oids.localKeyId), set([octets(localKeyId)])]),
  ])
}

function safeBag(bagId: string, value: forge.asn1.Asn1, attributes?: forge.asn1.Asn1) {
  return seq([oid(bagId), explicit0(value), ...(attributes ? [attributes] : [])])
}

function certBagValue(cert: forge.pki.Certificate) {
  return seq([
    oid(pki.oids.x509Certificate),
    explicit0(octets(asn1.toDer(pki.certificateToAsn1(cert)).getBytes())),
  ])
}

function safeContents(bags: forge.asn1.Asn1[]) {
  return asn1.toDer(seq(bags)).getBytes()
}

function dataContentInfo(der: string) {
  return seq([oid(pki.oids.data), explicit0(octets(der))])
}

/** PKCS#12 PBE (RFC 7292 appendix B): key and IV from the password with SHA-1. */
function pbeEncrypt(
  plain: string,
  password: string,
  algorithm: Pkcs12Algorithm,
  iterations: number,
  claimedIterations: number = iterations
) {
  const salt = forge.random.getBytesSync(8)
  const keyLength = algorithm === '3des' ? 24 : 5
  const key = pkcs12Kdf(password, forge.util.createBuffer(salt), 1, iterations, keyLength)
  const iv = pkcs12Kdf(password, forge.util.createBuffer(salt), 2, iterations, 8)
  const cipher =
    algorithm === '3des'
      ? forge.cipher.createCipher('3DES-CBC', key)
      : (forge.rc2.createEncryptionCipher(key, 40) as unknown as forge.cipher.BlockCipher)
  if (algorithm === '3des') cipher.start({ iv })
  else (cipher as unknown as { start(iv: forge.util.ByteStringBuffer): void }).start(iv)
  cipher.update(forge.util.createBuffer(plain))
  cipher.finish()
  return {
    algorithmIdentifier: seq([
      oid(PBE_OIDS[algorithm]),
      seq([octets(salt), integer(claimedIterations)]),
    ]),
    ciphertext: cipher.output.getBytes(),
  }
}

function encryptedContentInfo(
  plain: string,
  password: string,
  algorithm: Pkcs12Algorithm,
  iterations: number,
  claimedIterations?: number
) {
  const { algorithmIdentifier, ciphertext } = pbeEncrypt(
    plain,
    password,
    algorithm,
    iterations,
    claimedIterations
  )
  const encryptedData = seq([
    integer(0),
    seq([
      oid(pki.oids.data),
      algorithmIdentifier,
      // encryptedContent is [0] IMPLICIT OCTET STRING.
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, ciphertext),
    ]),
  ])
  return seq([oid(pki.oids.encryptedData), explicit0(encryptedData)])
}

function shroudedKey(
  key: forge.pki.rsa.PrivateKey,
  password: string,
  algorithm: Pkcs12Algorithm,
  iterations: number,
  claimedIterations?: number
) {
  const privateKeyInfo = asn1.toDer(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(key))).getBytes()
  const { algorithmIdentifier, ciphertext } = pbeEncrypt(
    privateKeyInfo,
    password,
    algorithm,
    iterations,
    claimedIterations
  )
  return seq([algorithmIdentifier, octets(ciphertext)])
}

function macData(
  authSafe: string,
  password: string,
  iterations: number,
  claimedIterations: number = iterations
) {
  const salt = forge.random.getBytesSync(8)
  const macKey = pkcs12Kdf(password, forge.util.createBuffer(salt), 3, iterations, 20)
  const hmac = forge.hmac.create()
  hmac.start('sha1', macKey)
  hmac.update(authSafe)
  const digest = hmac.digest().getBytes()
  return seq([
    seq([
      seq([oid(pki.oids.sha1), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]),
      octets(digest),
    ]),
    octets(salt),
    integer(claimedIterations),
  ])
}
