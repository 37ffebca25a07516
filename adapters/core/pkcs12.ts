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
| - several key bags and certificate bags (dual-key files carry a
|   "Decryption Key" and a "Signing Key"; renewed files carry old pairs);
| - the signing certificate is chosen by key usage (digitalSignature or
|   nonRepudiation), not being a CA, and an RSA modulus equal to one of the
|   private keys; never by bag order or friendlyName;
| - the private key comes back as a `node:crypto` KeyObject, so signing is
|   native and fast.
|
| The certificates module reuses this to validate uploads; the SRI signer
| uses the result directly. Parse once per tenant and cache the result.
|
*/
import { createHash, createPrivateKey } from 'node:crypto'
import forge from 'node-forge'
import { TaxCertificateError } from '#adapters/core/errors'
import type {
  CertificateAttribute,
  KeyUsageFlag,
  ParsedCertificate,
  SigningCredential,
} from '#adapters/core/types'

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

const SIGNING_USAGES: KeyUsageFlag[] = ['digitalSignature', 'nonRepudiation']

/**
 * Parses a PKCS#12 file and picks the signing key and certificate.
 *
 * Throws `E_TAX_CERTIFICATE` with a `reason`: `not_pkcs12`,
 * `wrong_password`, `no_private_key`, `unsupported_key`,
 * `no_signing_certificate`, `key_mismatch`, `expired`, `not_yet_valid`.
 */
export function parsePkcs12(
  data: Buffer | Uint8Array,
  password: string,
  options: ParsePkcs12Options = {}
): ParsedPkcs12 {
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

  const usable = certificates.filter((cert) => !cert.isCA && isSigningCapable(cert))
  const paired = usable
    .map((cert) => ({ cert, key: keys.find((entry) => entry.modulusHex === cert.modulusHex) }))
    .filter((pair): pair is { cert: ParsedCertificate; key: KeyEntry } => pair.key !== undefined)

  if (paired.length === 0) {
    throw new TaxCertificateError(usable.length > 0 ? 'key_mismatch' : 'no_signing_certificate')
  }

  const valid = at ? paired.filter(({ cert }) => isValidAt(cert, at)) : paired
  if (valid.length === 0 && at) {
    // Report the most useful problem: a future certificate beats an expired one.
    const future = paired.some(({ cert }) => cert.notBefore.getTime() > at.getTime())
    throw new TaxCertificateError(future ? 'not_yet_valid' : 'expired', {
      detail: paired
        .map(({ cert }) => `${cert.notBefore.toISOString()}..${cert.notAfter.toISOString()}`)
        .join(', '),
    })
  }

  const chosen = valid.sort(compareSigningCandidates)[0]
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(chosen.key.key))
  const certificate = chosen.cert

  return {
    privateKey,
    certificate,
    chain: certificates.filter((cert) => cert !== certificate),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serial: certificate.serial,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    fingerprint: certificate.fingerprint,
    keyFriendlyName: chosen.key.friendlyName,
    keyCount: keys.length,
  }
}

/**
 * Throws `E_TAX_CERTIFICATE` (`expired` / `not_yet_valid`) unless the
 * certificate is valid at the given instant.
 */
export function assertCertificateValidAt(cert: ParsedCertificate, at: Date = new Date()): void {
  if (at.getTime() > cert.notAfter.getTime()) {
    throw new TaxCertificateError('expired', { detail: `notAfter ${cert.notAfter.toISOString()}` })
  }
  if (at.getTime() < cert.notBefore.getTime()) {
    throw new TaxCertificateError('not_yet_valid', {
      detail: `notBefore ${cert.notBefore.toISOString()}`,
    })
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
    modulusHex: publicKey.n ? publicKey.n.toString(16) : undefined,
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

/** Field arcs of Ecuadorian CAs (legacy profile). The suffix says which field. */
export const ECUADOR_CA_FIELD_ARCS: Record<string, string> = {
  '1.3.6.1.4.1.37947.3': 'Banco Central del Ecuador',
  '1.3.6.1.4.1.37746.3': 'Security Data',
  '1.3.6.1.4.1.18332.3': 'ANF AC',
  '1.3.6.1.4.1.37442.3': 'ANF AC',
  '1.3.6.1.4.1.47286.102.3': 'Uanataca',
  '1.3.6.1.4.1.57153.102.3': 'Eclipsoft',
  '1.3.6.1.4.1.43745.1.3': 'Consejo de la Judicatura',
  '1.3.6.1.4.1.59382.3': 'Lazzate',
  '1.3.6.1.4.1.52643.3': 'Datil',
  '1.3.6.1.4.1.59198.3': 'ArgosData',
  '1.3.6.1.4.1.61305.3': 'FirmaSegura',
}

/** Digercic uses its own suffixes under this arc: .1 cédula, .4 RUC. */
const DIGERCIC_ARC = '1.3.6.1.4.1.55519.1.1.1.5.2'

export interface TaxpayerIdCandidate {
  value: string
  kind: 'ruc' | 'cedula'
  /** Where it was found: "extension 1.3.6.1.4.1.37947.3.11", "subject organizationIdentifier"… */
  source: string
}

/**
 * Collects every RUC and cédula a certificate states about its holder:
 * CA extensions, subjectAltName otherNames, subject organizationIdentifier,
 * serialNumber, UID and CN (the last three only when the number passes the
 * cédula check digit or looks like a RUC). Duplicates are removed.
 */
export function findTaxpayerIds(cert: ParsedCertificate): TaxpayerIdCandidate[] {
  const found: TaxpayerIdCandidate[] = []
  const add = (raw: string, source: string, hint?: 'ruc' | 'cedula') => {
    const value = stripIdPrefix(raw)
    if (!/^\d{10}(\d{3})?$/.test(value)) return
    const kind = value.length === 13 ? 'ruc' : 'cedula'
    if (hint === 'cedula' && kind !== 'cedula') return
    if (!hint && kind === 'cedula' && !isEcuadorianCedula(value)) return
    if (!found.some((c) => c.value === value && c.kind === kind))
      found.push({ value, kind, source })
  }

  for (const { oid, value } of readOtherFields(cert)) {
    const field = classifyArcField(oid)
    if (field === 'ruc') add(value, `${oid}`, 'ruc')
    if (field === 'cedula') add(value, `${oid}`, 'cedula')
  }
  for (const attr of cert.subject) {
    if (attr.oid === '2.5.4.97') add(attr.value, 'subject organizationIdentifier', 'ruc')
    // serialNumber, UID and CN are only trusted when the number checks out (see above).
    if (attr.oid === '2.5.4.5') add(attr.value, 'subject serialNumber')
    if (attr.oid === '0.9.2342.19200300.100.1.1') add(attr.value, 'subject UID')
    if (attr.oid === '2.5.4.3') {
      for (const match of attr.value.match(/\d{13}|\d{10}/g) ?? []) add(match, 'subject CN')
    }
  }
  return found
}

/**
 * Does the certificate belong to the taxpayer with this RUC? For a
 * natural-person RUC (third digit below 6) the certificate may state the
 * RUC or the cédula it starts with; for companies and public bodies only
 * the RUC proves it (a cédula never does).
 */
export function certificateMatchesTaxId(
  cert: ParsedCertificate,
  ruc: string
): { matches: boolean; candidates: TaxpayerIdCandidate[] } {
  const candidates = findTaxpayerIds(cert)
  const naturalPerson = /^\d{13}$/.test(ruc) && Number(ruc[2]) < 6
  const matches = candidates.some(
    (c) =>
      (c.kind === 'ruc' && c.value === ruc) ||
      (naturalPerson && c.kind === 'cedula' && c.value === ruc.slice(0, 10))
  )
  return { matches, candidates }
}

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
    asn1 = forge.asn1.fromDer(data.toString('binary'), {
      strict: false,
      parseAllBytes: false,
    } as unknown as boolean)
  } catch (error) {
    throw new TaxCertificateError('not_pkcs12', { cause: error })
  }

  const attempt = (secret: string | null) =>
    forge.pkcs12.pkcs12FromAsn1(asn1, false, secret as string)
  try {
    return attempt(password)
  } catch (error) {
    // Some tools encode an empty password as "no password" (no trailing NUL in the KDF input).
    if (password === '' && isPasswordFailure(error)) {
      try {
        return attempt(null)
      } catch {}
    }
    if (isPasswordFailure(error)) throw new TaxCertificateError('wrong_password', { cause: error })
    throw new TaxCertificateError('not_pkcs12', { cause: error, detail: errorMessage(error) })
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

/** Explicit digitalSignature first, then nonRepudiation only, then no extension; newest last day first. */
function compareSigningCandidates(a: { cert: ParsedCertificate }, b: { cert: ParsedCertificate }) {
  const rank = (cert: ParsedCertificate) =>
    cert.keyUsage.includes('digitalSignature') ? 0 : cert.keyUsage.length > 0 ? 1 : 2
  return rank(a.cert) - rank(b.cert) || b.cert.notAfter.getTime() - a.cert.notAfter.getTime()
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

/** Values of CA-specific fields: plain extensions and subjectAltName otherNames. */
function readOtherFields(cert: ParsedCertificate): Array<{ oid: string; value: string }> {
  const fields: Array<{ oid: string; value: string }> = []
  for (const extension of cert.forge.extensions as Array<{ id: string; value: string }>) {
    if (extension.id === '2.5.29.17') {
      fields.push(...readOtherNames(extension.value))
    } else if (classifyArcField(extension.id)) {
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

function classifyArcField(oid: string): 'ruc' | 'cedula' | 'other' | undefined {
  if (oid.startsWith(`${DIGERCIC_ARC}.`)) {
    const suffix = oid.slice(DIGERCIC_ARC.length + 1)
    return suffix === '4' ? 'ruc' : suffix === '1' ? 'cedula' : 'other'
  }
  for (const arc of Object.keys(ECUADOR_CA_FIELD_ARCS)) {
    if (oid.startsWith(`${arc}.`)) {
      const suffix = oid.slice(arc.length + 1)
      return suffix === '11' ? 'ruc' : suffix === '1' ? 'cedula' : 'other'
    }
  }
  return undefined
}

/** "IDCEC-0912345678", "VATEC-0990012345001", "TINEC-…" → the digits. */
function stripIdPrefix(value: string): string {
  return value.trim().replace(/^[A-Z]{3}[A-Z]{2}-/, '')
}

/** Module-10 check of an Ecuadorian cédula (also used to trust a subject serialNumber). */
function isEcuadorianCedula(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false
  const province = Number(value.slice(0, 2))
  if (!((province >= 1 && province <= 24) || province === 30) || Number(value[2]) > 5) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let product = Number(value[i]) * (i % 2 === 0 ? 2 : 1)
    if (product > 9) product -= 9
    sum += product
  }
  return (10 - (sum % 10)) % 10 === Number(value[9])
}

function normalizeHex(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '')
}
