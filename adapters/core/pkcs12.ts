/*
|--------------------------------------------------------------------------
| PKCS#12 (.p12 / .pfx) parsing
|--------------------------------------------------------------------------
|
| Generic, country-neutral reading of a signing certificate file:
|
| - password check (MAC) with a clear error;
| - legacy encryptions (pbeWithSHAAnd40BitRC2-CBC, 3DES) as well as PBES2,
|   which OpenSSL 3 and Node's TLS refuse without the legacy provider; that
|   is why this uses node-forge;
| - a bound on the password-derivation work, checked before any key is
|   derived (see "Iteration counts" below);
| - several key bags and certificate bags (dual-key files carry a
|   "Decryption Key" and a "Signing Key"; renewed files carry old pairs);
| - the signing certificate is the one whose RSA modulus matches a private
|   key in the file; among those, the one that may sign (digitalSignature,
|   else nonRepudiation, else no keyUsage extension), valid now, an
|   end-entity certificate before a CA one, the latest to expire first;
|   never by bag order or friendlyName. A self-signed or CA certificate is
|   still usable (test files made with `openssl req -x509` are exactly
|   that) and comes back flagged in `notAccreditedReason`;
| - the private key comes back as a `node:crypto` KeyObject, so signing is
|   native and fast.
|
| The certificates module reuses this to validate uploads (in a worker
| thread, through `readPkcs12`, whose result can cross threads); the SRI
| signer uses the result directly. Parse once per tenant and cache it.
|
*/
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import forge from 'node-forge'
import { TaxCertificateError } from '#adapters/core/errors'
import type {
  CertificateAttribute,
  KeyUsageFlag,
  ParsedCertificate,
  SigningCredential,
} from '#adapters/core/types'

/**
 * Why a usable signing certificate is evidently not from an accredited
 * certification entity: it signed itself, or it is a CA certificate. SRI's
 * production environment only accepts certificates issued by an
 * accredited entity; its test environment and local signing accept these.
 */
export type NotAccreditedReason = 'self_signed' | 'ca_certificate'

/** What `parsePkcs12` returns: the credential plus the signing certificate's data at hand. */
export interface ParsedPkcs12 extends SigningCredential {
  subject: CertificateAttribute[]
  issuer: CertificateAttribute[]
  serial: ParsedCertificate['serial']
  notBefore: Date
  notAfter: Date
  fingerprint: ParsedCertificate['fingerprint']
  /** Friendly name of the key bag that was picked, when the file has one ("Signing Key"). */
  keyFriendlyName?: string
  /** Number of private keys found in the file. */
  keyCount: number
  /** Set when the signing certificate is self-signed or a CA certificate (see the type). */
  notAccreditedReason: NotAccreditedReason | null
}

/**
 * The outcome of reading a P12 as plain data that a worker thread can post
 * back (structured clone): the key as a KeyObject, certificates as DER.
 * `pkcs12FromContents` turns it into a `ParsedPkcs12`.
 */
export interface Pkcs12Contents {
  privateKey: KeyObject
  certificateDer: Uint8Array
  chainDer: Uint8Array[]
  keyFriendlyName?: string
  keyCount: number
}

export interface ParsePkcs12Options {
  /**
   * Instant the certificate must be valid at. Defaults to now. Pass `null`
   * to skip the date check (to show an expired certificate's details).
   */
  at?: Date | null
}

interface KeyEntry {
  key: forge.pki.rsa.PrivateKey
  modulusHex: string
  friendlyName?: string
}

interface SigningPick {
  privateKey: KeyObject
  certificate: ParsedCertificate
  chain: ParsedCertificate[]
  keyFriendlyName?: string
  keyCount: number
}

const SIGNING_USAGES: KeyUsageFlag[] = ['digitalSignature', 'nonRepudiation']

/*
|--------------------------------------------------------------------------
| Iteration counts
|--------------------------------------------------------------------------
|
| Every password-derived key in a P12 (the MAC key, and the key of each
| encrypted SafeContents and shrouded key bag) costs as many hash rounds as
| the file asks for, and that cost is paid before the password can even be
| checked. node-forge runs these in JavaScript, about 2–10 µs per round, so
| a 2 KB file asking for 10 million rounds would keep a CPU busy for
| minutes. The counts are read from the ASN.1 first and the file is refused
| above these limits (why these numbers: docs/certificates.md):
|
| - at most 1,000,000 per derivation: real files use 2,048 (OpenSSL, the
|   Ecuadorian CAs), 10,000 (Java 12+), 50,000/100,000 (older Java) and
|   600,000 (Bouncy Castle 1.86's new default);
| - at most 3,000,000 summed over the file: a three-key file at Bouncy
|   Castle's default plus its MAC and certificates stays under it, while a
|   file stuffed with many bags does not.
|
*/

/** Highest iteration count accepted for any one key derivation. */
export const MAX_PKCS12_ITERATIONS = 1_000_000
/** Highest sum of iteration counts accepted over a whole file. */
export const MAX_PKCS12_TOTAL_ITERATIONS = 3_000_000

/**
 * Parses a PKCS#12 file and picks the signing key and certificate.
 *
 * Throws `E_TAX_CERTIFICATE` with a `reason`: `not_pkcs12`,
 * `wrong_password`, `too_many_iterations`, `no_private_key`,
 * `unsupported_key`, `key_mismatch`, `no_signing_certificate`, `expired`,
 * `not_yet_valid` (the last two with the date in `data.date`).
 */
export function parsePkcs12(
  data: Buffer | Uint8Array,
  password: string,
  options: ParsePkcs12Options = {}
): ParsedPkcs12 {
  return toParsed(pickSigningPair(data, password, options))
}

/**
 * Same checks as `parsePkcs12`, with the result as plain data for a
 * worker thread to post back; `pkcs12FromContents` rebuilds the rest.
 */
export function readPkcs12(
  data: Buffer | Uint8Array,
  password: string,
  options: ParsePkcs12Options = {}
): Pkcs12Contents {
  const pick = pickSigningPair(data, password, options)
  return {
    privateKey: pick.privateKey,
    certificateDer: pick.certificate.der,
    chainDer: pick.chain.map((cert) => cert.der),
    keyFriendlyName: pick.keyFriendlyName,
    keyCount: pick.keyCount,
  }
}

/** The `ParsedPkcs12` of what `readPkcs12` returned (certificates decoded again, no key derivation). */
export function pkcs12FromContents(contents: Pkcs12Contents): ParsedPkcs12 {
  return toParsed({
    privateKey: contents.privateKey,
    certificate: parseCertificate(Buffer.from(contents.certificateDer)),
    chain: contents.chainDer.map((der) => parseCertificate(Buffer.from(der))),
    keyFriendlyName: contents.keyFriendlyName,
    keyCount: contents.keyCount,
  })
}

function toParsed(pick: SigningPick): ParsedPkcs12 {
  const certificate = pick.certificate
  return {
    privateKey: pick.privateKey,
    certificate,
    chain: pick.chain,
    subject: certificate.subject,
    issuer: certificate.issuer,
    serial: certificate.serial,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    fingerprint: certificate.fingerprint,
    keyFriendlyName: pick.keyFriendlyName,
    keyCount: pick.keyCount,
    notAccreditedReason: certificate.selfSigned
      ? 'self_signed'
      : certificate.isCA
        ? 'ca_certificate'
        : null,
  }
}

function pickSigningPair(
  data: Buffer | Uint8Array,
  password: string,
  options: ParsePkcs12Options
): SigningPick {
  const at = options.at === undefined ? new Date() : options.at
  const p12 = openPkcs12(Buffer.from(data), password)

  const keys: KeyEntry[] = []
  let unsupportedKeys = 0
  for (const bagType of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
    const bags = p12.getBags({ bagType })[bagType] ?? []
    for (const bag of bags) {
      // forge leaves `key` null for non-RSA keys (EC, DSA): not usable here.
      if (!bag.key) {
        unsupportedKeys++
        continue
      }
      const key = bag.key as forge.pki.rsa.PrivateKey
      keys.push({
        key,
        modulusHex: key.n.toString(16),
        friendlyName: bag.attributes?.friendlyName?.[0],
      })
    }
  }
  if (keys.length === 0) {
    throw new TaxCertificateError(unsupportedKeys > 0 ? 'unsupported_key' : 'no_private_key')
  }

  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []
  // Certificates forge cannot read (non-RSA CA certificates) are left out: they cannot sign here.
  const certificates = certBags
    .filter((bag) => bag.cert)
    .map((bag) => parseCertificate(bag.cert as forge.pki.Certificate))

  // 1. Only a certificate whose public key is one of the file's private keys can sign.
  const paired = certificates
    .map((cert) => ({ cert, key: keys.find((entry) => entry.modulusHex === cert.modulusHex) }))
    .filter((pair): pair is { cert: ParsedCertificate; key: KeyEntry } => pair.key !== undefined)
  if (paired.length === 0) throw new TaxCertificateError('key_mismatch')

  // 2. Among those, one whose key usage allows signing.
  const signing = paired.filter(({ cert }) => isSigningCapable(cert))
  if (signing.length === 0) {
    const usages = [...new Set(paired.flatMap(({ cert }) => cert.keyUsage))].join(', ')
    throw new TaxCertificateError('no_signing_certificate', { data: { usages } })
  }

  // 3. Valid at the given instant.
  const valid = at ? signing.filter(({ cert }) => isValidAt(cert, at)) : signing
  if (valid.length === 0 && at) {
    // Report the most useful problem: a future certificate beats an expired one.
    const future = signing
      .filter(({ cert }) => cert.notBefore.getTime() > at.getTime())
      .sort((a, b) => a.cert.notBefore.getTime() - b.cert.notBefore.getTime())
    if (future.length > 0) {
      throw new TaxCertificateError('not_yet_valid', {
        data: { date: isoDate(future[0].cert.notBefore) },
      })
    }
    const lastEnd = Math.max(...signing.map(({ cert }) => cert.notAfter.getTime()))
    throw new TaxCertificateError('expired', { data: { date: isoDate(new Date(lastEnd)) } })
  }

  const chosen = valid.sort(compareSigningCandidates)[0]
  return {
    privateKey: createPrivateKey(forge.pki.privateKeyToPem(chosen.key.key)),
    certificate: chosen.cert,
    chain: certificates.filter((cert) => cert !== chosen.cert),
    keyFriendlyName: chosen.key.friendlyName,
    keyCount: keys.length,
  }
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/**
 * Throws `E_TAX_CERTIFICATE` (`expired` / `not_yet_valid`) unless the
 * certificate is valid at the given instant.
 */
export function assertCertificateValidAt(cert: ParsedCertificate, at: Date = new Date()): void {
  if (at.getTime() > cert.notAfter.getTime()) {
    throw new TaxCertificateError('expired', { data: { date: isoDate(cert.notAfter) } })
  }
  if (at.getTime() < cert.notBefore.getTime()) {
    throw new TaxCertificateError('not_yet_valid', { data: { date: isoDate(cert.notBefore) } })
  }
}

/** Decodes one X.509 certificate (forge object, DER bytes or PEM text) into the neutral shape. */
export function parseCertificate(
  input: forge.pki.Certificate | Buffer | string
): ParsedCertificate {
  const cert =
    typeof input === 'string'
      ? forge.pki.certificateFromPem(input)
      : Buffer.isBuffer(input)
        ? forge.pki.certificateFromAsn1(forge.asn1.fromDer(input.toString('binary')))
        : input
  const derBinary = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes()
  const der = Buffer.from(derBinary, 'binary')
  const base64 = der.toString('base64')
  const serialHex = normalizeHex(cert.serialNumber)
  const publicKey = cert.publicKey as Partial<forge.pki.rsa.PublicKey>
  const rdns = nameRdnIndexes(der)

  return {
    forge: cert,
    der,
    pem: `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
    base64,
    subject: readAttributes(cert.subject.attributes, rdns.subject),
    issuer: readAttributes(cert.issuer.attributes, rdns.issuer),
    serial: { hex: serialHex, decimal: BigInt(`0x${serialHex || '0'}`).toString(10) },
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    fingerprint: {
      sha1: createHash('sha1').update(der).digest('hex'),
      sha256: createHash('sha256').update(der).digest('hex'),
    },
    keyUsage: readKeyUsage(cert),
    isCA: Boolean((cert.getExtension('basicConstraints') as { cA?: boolean } | null)?.cA),
    selfSigned: isSelfSigned(der),
    modulusHex: publicKey.n ? publicKey.n.toString(16) : undefined,
  }
}

/**
 * Issued by itself: issuer name equal to the subject and a signature its
 * own key verifies. (X509Certificate.checkIssued is not used: it also
 * demands keyCertSign, which a self-signed end-entity certificate lacks.)
 */
function isSelfSigned(der: Buffer): boolean {
  try {
    const x509 = new X509Certificate(der)
    return x509.issuer === x509.subject && x509.verify(x509.publicKey)
  } catch {
    // A certificate OpenSSL cannot decode or verify is not treated as self-signed.
    return false
  }
}

/*
|--------------------------------------------------------------------------
| Who does a certificate belong to?
|--------------------------------------------------------------------------
|
| Ecuadorian CAs put the holder's identity in one of two places:
| - legacy profile: a private OID arc per CA, with suffix .1 = cédula or
|   passport, .10 = razón social, .11 = RUC; as X.509 extensions (BCE,
|   Security Data, ANF, Lazzate, Datil…) or as subjectAltName otherName
|   entries (Uanataca, Eclipsoft, Consejo de la Judicatura);
| - new profile (ARCOTEL 2024-0176): subject organizationIdentifier
|   (2.5.4.97) = RUC and serialNumber (2.5.4.5) = cédula, often with an
|   ETSI-style prefix ("IDCEC-", "VATEC-", "TINEC-").
| On legacy certificates the subject serialNumber and O are NOT the holder's
| (BCE puts its own number there, Security Data a cédula plus timestamp), so
| a subject serialNumber counts only when it passes the cédula check digit.
|
*/

/*
|--------------------------------------------------------------------------
| Internals
|--------------------------------------------------------------------------
*/

function openPkcs12(data: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1
  try {
    // Not strict: several CAs emit BER (indefinite lengths) and trailing bytes.
    // @types/node-forge only knows the boolean form; forge itself takes these options.
    asn1 = forge.asn1.fromDer(data.toString('binary'), BER)
  } catch (error) {
    throw new TaxCertificateError('not_pkcs12', { cause: error })
  }

  // Refuse absurd counts before the first derivation (forge checks the MAC first).
  const visible = pkcs12IterationCounts(asn1)
  const macIterations = visible.mac ?? 0
  new IterationBudget().charge([macIterations, ...visible.encryption])

  const attempt = (secret: string | null) =>
    withIterationBudget(new IterationBudget(macIterations), () =>
      forge.pkcs12.pkcs12FromAsn1(asn1, false, secret as string)
    )
  try {
    return attempt(password)
  } catch (error) {
    if (error instanceof TaxCertificateError) throw error
    // Some tools encode an empty password as "no password" (no trailing NUL in the KDF input).
    if (password === '' && isPasswordFailure(error)) {
      try {
        return attempt(null)
      } catch (retryError) {
        if (retryError instanceof TaxCertificateError) throw retryError
      }
    }
    if (isPasswordFailure(error)) throw new TaxCertificateError('wrong_password', { cause: error })
    throw new TaxCertificateError('not_pkcs12', { cause: error, detail: errorMessage(error) })
  }
}

/** forge's lenient decoding options (see openPkcs12). */
const BER = { strict: false, parseAllBytes: false } as unknown as boolean

const OID_DATA = '1.2.840.113549.1.7.1'
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6'
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'
const OID_PBES2 = '1.2.840.113549.1.5.13'

/**
 * The iteration counts a PFX states where they can be read without a key:
 * the MAC (`mac`, absent when the file has no MacData) and each PBE
 * parameter of an encrypted SafeContents or of a shrouded key bag kept in
 * plain SafeContents (`encryption`). Key bags nested inside an encrypted
 * SafeContents only show up once it is decrypted; `withIterationBudget`
 * checks those as forge reaches them. Parts that do not have the expected
 * shape are skipped: forge refuses them later as not PKCS#12.
 */
export function pkcs12IterationCounts(pfx: forge.asn1.Asn1): {
  mac?: number
  encryption: number[]
} {
  const encryption: number[] = []
  const parts = children(pfx)
  let mac: number | undefined
  // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
  const macData = parts[2]
  if (macData && isUniversal(macData, forge.asn1.Type.SEQUENCE)) {
    const count = children(macData)[2]
    mac = count && isUniversal(count, forge.asn1.Type.INTEGER) ? integerValue(count) : 1
  }

  const authSafe = contentInfoOctets(parts[1])
  for (const contentInfo of authSafe === undefined ? [] : children(decode(authSafe))) {
    const [type, explicit] = children(contentInfo)
    const oid = oidOf(type)
    if (oid === OID_DATA) {
      const safeContents = contentInfoOctets(contentInfo)
      for (const bag of safeContents === undefined ? [] : children(decode(safeContents))) {
        const [bagId, bagValue] = children(bag)
        if (oidOf(bagId) !== OID_SHROUDED_KEY_BAG) continue
        // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData }
        const count = pbeIterations(children(children(bagValue)[0])[0])
        if (count !== undefined) encryption.push(count)
      }
    } else if (oid === OID_ENCRYPTED_DATA) {
      // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] content } }
      const encryptedContentInfo = children(children(explicit)[0])[1]
      const count = pbeIterations(children(encryptedContentInfo)[1])
      if (count !== undefined) encryption.push(count)
    }
  }
  return { mac, encryption }
}

/** Iteration count of a password-based encryption AlgorithmIdentifier (PKCS#12 PBE, PBES1 or PBES2). */
function pbeIterations(algorithm: forge.asn1.Asn1 | undefined): number | undefined {
  const [oidNode, params] = children(algorithm)
  const oid = oidOf(oidNode)
  return oid && params ? pbeParamsIterations(oid, params) : undefined
}

function pbeParamsIterations(oid: string, params: forge.asn1.Asn1): number | undefined {
  // PBES2-params ::= SEQUENCE { keyDerivationFunc { PBKDF2, PBKDF2-params { salt, iterationCount, … } }, encryptionScheme }
  // pkcs-12PbeParams / PBEParameter ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
  const count =
    oid === OID_PBES2 ? children(children(children(params)[0])[1])[1] : children(params)[1]
  return count && isUniversal(count, forge.asn1.Type.INTEGER) ? integerValue(count) : undefined
}

/**
 * Sums the iteration counts of one attempt to open a file and refuses a
 * count or a total over the limits, before the derivation they belong to.
 */
class IterationBudget {
  #total: number

  constructor(alreadyCharged: number = 0) {
    this.#total = alreadyCharged
  }

  charge(counts: number[]) {
    for (const count of counts) {
      if (count > MAX_PKCS12_ITERATIONS) {
        throw new TaxCertificateError('too_many_iterations', {
          data: { count, max: MAX_PKCS12_ITERATIONS },
        })
      }
      this.#total += count
      if (this.#total > MAX_PKCS12_TOTAL_ITERATIONS) {
        throw new TaxCertificateError('too_many_iterations', {
          data: { count: this.#total, max: MAX_PKCS12_TOTAL_ITERATIONS },
        })
      }
    }
  }
}

type GetCipher = (oid: string, params: forge.asn1.Asn1, password: string) => unknown

/**
 * Runs forge's PKCS#12 decoding with every PBE derivation charged to the
 * budget first. forge offers no hook between reading a PBE parameter and
 * deriving its key, and a key bag inside an encrypted SafeContents is only
 * readable after that SafeContents is decrypted, so `pki.pbe.getCipher`
 * (the one entry point of every P12 decryption in forge) is wrapped for the
 * duration of this synchronous call; nothing else can run meanwhile.
 */
function withIterationBudget<T>(budget: IterationBudget, run: () => T): T {
  const pbe = (forge.pki as unknown as { pbe: { getCipher: GetCipher } }).pbe
  const getCipher = pbe.getCipher
  pbe.getCipher = (oid, params, password) => {
    const count = pbeParamsIterations(oid, params)
    if (count !== undefined) budget.charge([count])
    return getCipher.call(pbe, oid, params, password)
  }
  try {
    return run()
  } finally {
    pbe.getCipher = getCipher
  }
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as forge.asn1.Asn1[]) : []
}

function isUniversal(node: forge.asn1.Asn1, type: number): boolean {
  return node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === type
}

function oidOf(node: forge.asn1.Asn1 | undefined): string | undefined {
  if (!node || !isUniversal(node, forge.asn1.Type.OID) || typeof node.value !== 'string') {
    return undefined
  }
  try {
    return forge.asn1.derToOid(node.value)
  } catch {
    return undefined
  }
}

/** An INTEGER as a number; values past 2^53 saturate (they are over any limit anyway). */
function integerValue(node: forge.asn1.Asn1): number {
  const bytes = typeof node.value === 'string' ? node.value : ''
  const hex = forge.util.bytesToHex(bytes) || '0'
  const value = BigInt(`0x${hex}`)
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}

/** The bytes of ContentInfo `[0] EXPLICIT OCTET STRING` (BER: possibly chunked). */
function contentInfoOctets(contentInfo: forge.asn1.Asn1 | undefined): string | undefined {
  const octets = children(children(contentInfo)[1])[0]
  if (!octets || octets.type !== forge.asn1.Type.OCTETSTRING) return undefined
  if (typeof octets.value === 'string') return octets.value
  return children(octets)
    .map((chunk) => (typeof chunk.value === 'string' ? chunk.value : ''))
    .join('')
}

function decode(bytes: string): forge.asn1.Asn1 | undefined {
  try {
    return forge.asn1.fromDer(bytes, BER)
  } catch {
    return undefined
  }
}

function isPasswordFailure(error: unknown): boolean {
  return /Invalid password|wrong password|Failed to decrypt/i.test(errorMessage(error))
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function isSigningCapable(cert: ParsedCertificate): boolean {
  // RFC 5280: no keyUsage extension means no restriction.
  return cert.keyUsage.length === 0 || cert.keyUsage.some((usage) => SIGNING_USAGES.includes(usage))
}

function isValidAt(cert: ParsedCertificate, at: Date): boolean {
  return cert.notBefore.getTime() <= at.getTime() && at.getTime() <= cert.notAfter.getTime()
}

/**
 * Explicit digitalSignature first, then nonRepudiation only, then no
 * extension; an end-entity certificate before a CA one; the latest to
 * expire first.
 */
function compareSigningCandidates(a: { cert: ParsedCertificate }, b: { cert: ParsedCertificate }) {
  const rank = (cert: ParsedCertificate) =>
    cert.keyUsage.includes('digitalSignature') ? 0 : cert.keyUsage.length > 0 ? 1 : 2
  return (
    rank(a.cert) - rank(b.cert) ||
    Number(a.cert.isCA) - Number(b.cert.isCA) ||
    b.cert.notAfter.getTime() - a.cert.notAfter.getTime()
  )
}

function readKeyUsage(cert: forge.pki.Certificate): KeyUsageFlag[] {
  const extension = cert.getExtension('keyUsage') as Record<string, unknown> | null
  if (!extension) return []
  const flags: KeyUsageFlag[] = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
    'encipherOnly',
    'decipherOnly',
  ]
  return flags.filter((flag) => extension[flag] === true)
}

/**
 * forge flattens names into attributes; the RDN grouping matters when a
 * name is written out (XAdES IssuerSerial), so it is re-read from the DER.
 */
function nameRdnIndexes(der: Buffer): { issuer?: number[]; subject?: number[] } {
  try {
    const certAsn1 = forge.asn1.fromDer(der.toString('binary'))
    const tbs = (certAsn1.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[]
    // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, …
    const offset = tbs[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
    const indexes = (name: forge.asn1.Asn1) => {
      const result: number[] = []
      ;(name.value as forge.asn1.Asn1[]).forEach((set, index) => {
        const size = (set.value as forge.asn1.Asn1[]).length
        for (let i = 0; i < size; i++) result.push(index)
      })
      return result
    }
    return { issuer: indexes(tbs[offset + 2]), subject: indexes(tbs[offset + 4]) }
  } catch {
    return {}
  }
}

function readAttributes(attributes: forge.pki.CertificateField[], rdnIndexes?: number[]) {
  return attributes.map(
    (attr, index): CertificateAttribute => ({
      oid: attr.type as string,
      shortName: attr.shortName,
      name: attr.name,
      value: decodeAsn1String(attr.value as string, attr.valueTagClass as number),
      valueTag: attr.valueTagClass as number,
      rdn: rdnIndexes?.[index] ?? index,
    })
  )
}

/** Text of an ASN.1 string given its raw bytes (forge keeps them undecoded). */
function decodeAsn1String(raw: string, tag: number): string {
  if (typeof raw !== 'string') return String(raw)
  if (tag === forge.asn1.Type.UTF8) {
    try {
      return forge.util.decodeUtf8(raw)
    } catch {
      return raw
    }
  }
  if (tag === forge.asn1.Type.BMPSTRING) {
    let text = ''
    for (let i = 0; i + 1 < raw.length; i += 2) {
      text += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1))
    }
    return text
  }
  return raw
}

/**
 * Values of CA-specific fields: every subjectAltName otherName, and the
 * plain extensions `wanted` picks by OID (a country adapter knows which
 * arcs its CAs use for the holder's ids).
 */
export function readOtherFields(
  cert: ParsedCertificate,
  wanted: (oid: string) => boolean
): Array<{ oid: string; value: string }> {
  const fields: Array<{ oid: string; value: string }> = []
  for (const extension of cert.forge.extensions as Array<{ id: string; value: string }>) {
    if (extension.id === '2.5.29.17') {
      fields.push(...readOtherNames(extension.value))
    } else if (wanted(extension.id)) {
      // The extension value is an OCTET STRING wrapping a DER string; read the inner string.
      const text = readDerString(extension.value)
      if (text !== undefined) fields.push({ oid: extension.id, value: text })
    }
  }
  return fields
}

function readOtherNames(sanValue: string): Array<{ oid: string; value: string }> {
  const names: Array<{ oid: string; value: string }> = []
  try {
    const san = forge.asn1.fromDer(sanValue, false)
    for (const generalName of san.value as forge.asn1.Asn1[]) {
      // otherName is [0] IMPLICIT SEQUENCE { type-id OID, [0] EXPLICIT value }.
      if (generalName.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || generalName.type !== 0)
        continue
      const [typeId, wrapped] = generalName.value as forge.asn1.Asn1[]
      const oid = forge.asn1.derToOid(typeId.value as string)
      const inner = (wrapped?.value as forge.asn1.Asn1[] | undefined)?.[0]
      if (inner && typeof inner.value === 'string') {
        names.push({ oid, value: decodeAsn1String(inner.value, inner.type) })
      }
    }
  } catch {}
  return names
}

function readDerString(value: string): string | undefined {
  try {
    const node = forge.asn1.fromDer(value, false)
    return typeof node.value === 'string' ? decodeAsn1String(node.value, node.type) : undefined
  } catch {
    // Some CAs store the bare text without a DER wrapper.
    return /^[\x20-\x7e]+$/.test(value) ? value : undefined
  }
}

function normalizeHex(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '')
}
