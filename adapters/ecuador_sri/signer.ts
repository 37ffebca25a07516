/*
|--------------------------------------------------------------------------
| XAdES-BES signature for SRI comprobantes
|--------------------------------------------------------------------------
|
| The shape SRI validates (its validator is MITyCLib over Apache Santuario):
|
|   <ds:Signature xmlns:ds Id=S>                              last child of the root
|     <ds:SignedInfo Id>
|       CanonicalizationMethod  inclusive C14N 1.0 (REC-xml-c14n-20010315)
|       SignatureMethod         rsa-sha1
|       Reference → #SignedProperties  Type=…#SignedProperties   sha1
|       Reference → #KeyInfo                                      sha1
|       Reference Id=R → #comprobante  enveloped-signature        sha1
|     <ds:SignatureValue>  RSA-SHA1 over C14N(SignedInfo)
|     <ds:KeyInfo Id>  X509Certificate + RSAKeyValue (Modulus = n, Exponent = e)
|     <ds:Object><etsi:QualifyingProperties xmlns:etsi Target=#S>
|       SignedProperties: SigningTime (-05:00), SigningCertificate
|       (sha1 of the certificate DER, issuer name, decimal serial),
|       DataObjectFormat → #R (text/xml)
|
| Speed: the comprobante comes from CanonicalXmlWriter, so its text already
| is its C14N form; the signature is assembled as strings in C14N form too.
| Digesting a subset (SignedInfo, SignedProperties, KeyInfo) only needs the
| namespace declarations it inherits rendered on its first tag, which is
| what inclusive C14N does. Nothing is parsed; signing is one RSA operation
| with node:crypto plus three SHA-1 digests. The per-certificate parts
| (base64 DER, digest, issuer name, modulus) are computed once per signer.
|
| Verified in tests with xml-crypto and with xmlsec1.
|
*/
import { createHash, createPublicKey, randomInt, sign as rsaSign } from 'node:crypto'
import { assertCertificateValidAt } from '#adapters/core/pkcs12'
import { TaxSigningError } from '#adapters/core/errors'
import type { CertificateAttribute, SigningCredential } from '#adapters/core/types'
import { escapeText } from '#adapters/ecuador_sri/builders/xml_writer'

export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#'
export const ETSI_NS = 'http://uri.etsi.org/01903/v1.3.2#'
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties'

const DS_DECL = ` xmlns:ds="${DS_NS}"`
const ETSI_DECL = ` xmlns:etsi="${ETSI_NS}"`

/**
 * Attribute keywords Java's X500Principal understands (RFC 2253 plus the
 * RFC 3280 ones it lists). SRI compares X509IssuerName through
 * X500Principal, which does not know "E": e-mail must be EMAILADDRESS.
 * Anything else is written as its dotted OID.
 */
const X500_KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.4': 'SURNAME',
  '2.5.4.42': 'GIVENNAME',
  '2.5.4.43': 'INITIALS',
  '2.5.4.44': 'GENERATION',
  '2.5.4.46': 'DNQUALIFIER',
  '2.5.4.5': 'SERIALNUMBER',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'EMAILADDRESS',
}

/** RFC 2253 string escaping of an attribute value. */
function escapeDnValue(value: string): string {
  let escaped = value.replace(/([,+"\\<>;])/g, '\\$1')
  if (escaped.startsWith('#') || escaped.startsWith(' ')) escaped = `\\${escaped}`
  if (escaped.endsWith(' ') && !escaped.endsWith('\\ ')) escaped = `${escaped.slice(0, -1)}\\ `
  return escaped
}

/**
 * The issuer name as SRI expects it in X509IssuerName: RDNs in reverse
 * certificate order (CN first, C last), keywords X500Principal knows,
 * multi-valued RDNs joined with "+".
 */
export function sriIssuerName(issuer: CertificateAttribute[]): string {
  const rdns = new Map<number, string[]>()
  for (const attribute of issuer) {
    const keyword = X500_KEYWORDS[attribute.oid] ?? attribute.oid
    const list = rdns.get(attribute.rdn) ?? []
    list.push(`${keyword}=${escapeDnValue(attribute.value)}`)
    rdns.set(attribute.rdn, list)
  }
  return [...rdns.keys()]
    .sort((a, b) => b - a)
    .map((index) => rdns.get(index)!.join('+'))
    .join(',')
}

/** `2026-03-15T10:20:30-05:00`: Ecuador's fixed offset (no daylight saving). */
export function ecuadorTimestamp(at: Date): string {
  const shifted = new Date(at.getTime() - 5 * 3600_000)
  return `${shifted.toISOString().slice(0, 19)}-05:00`
}

function sha1Base64(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('base64')
}

function base64UrlToBase64(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/')
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4)
}

/** Roots of the comprobantes SRI receives. */
const ROOT_PATTERN =
  /^(?:<\?xml[^?]*\?>\s*)?<(factura|notaCredito|notaDebito|guiaRemision|comprobanteRetencion|liquidacionCompra)[\s>]/

export interface SignOptions {
  /** Signing instant (default now); also the instant the certificate must be valid at. */
  signingTime?: Date
  /** Suffix for the signature's Id attributes (default: random digits). */
  id?: string
}

export interface SriSignatureResult {
  xml: string
  signingTime: string
}

export class SriSigner {
  readonly #credential: SigningCredential
  readonly #certificateBase64: string
  readonly #certificateDigest: string
  readonly #issuerName: string
  readonly #serial: string
  readonly #modulus: string
  readonly #exponent: string

  constructor(credential: SigningCredential) {
    this.#credential = credential
    const certificate = credential.certificate
    this.#certificateBase64 = certificate.base64
    this.#certificateDigest = createHash('sha1').update(certificate.der).digest('base64')
    this.#issuerName = escapeText(sriIssuerName(certificate.issuer))
    // Decimal big integer: parseInt on the hex serial overflows and SRI then rejects the signature.
    this.#serial = certificate.serial.decimal
    const jwk = createPublicKey(credential.privateKey).export({ format: 'jwk' })
    if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) {
      throw new TaxSigningError('SRI signatures need an RSA key')
    }
    this.#modulus = base64UrlToBase64(jwk.n)
    this.#exponent = base64UrlToBase64(jwk.e)
  }

  /**
   * Signs a comprobante produced by the SRI builders and returns it with
   * the ds:Signature inserted as the last child of the root. Throws
   * E_TAX_CERTIFICATE when the certificate is not valid at the signing
   * time, E_TAX_SIGNING when the XML is not a canonical comprobante.
   */
  sign(xml: string, options: SignOptions = {}): SriSignatureResult {
    const at = options.signingTime ?? new Date()
    assertCertificateValidAt(this.#credential.certificate, at)
    const { rootStart, rootEnd, closeStart } = locateRoot(xml)

    const id = options.id ?? String(randomInt(100_000, 1_000_000))
    const signatureId = `Signature${id}`
    const signedInfoId = `Signature-SignedInfo${id}`
    const signedPropertiesId = `${signatureId}-SignedProperties${id}`
    const signedPropertiesRefId = `SignedPropertiesID${id}`
    const keyInfoId = `Certificate${id}`
    const documentRefId = `Reference-ID-${id}`
    const signingTime = ecuadorTimestamp(at)

    // Enveloped-signature transform + C14N of #comprobante = the root element text as written.
    const documentDigest = sha1Base64(xml.slice(rootStart, rootEnd))

    const signedPropertiesInner =
      `<etsi:SignedSignatureProperties>` +
      `<etsi:SigningTime>${signingTime}</etsi:SigningTime>` +
      `<etsi:SigningCertificate><etsi:Cert><etsi:CertDigest>` +
      `<ds:DigestMethod Algorithm="${SHA1}"></ds:DigestMethod>` +
      `<ds:DigestValue>${this.#certificateDigest}</ds:DigestValue>` +
      `</etsi:CertDigest><etsi:IssuerSerial>` +
      `<ds:X509IssuerName>${this.#issuerName}</ds:X509IssuerName>` +
      `<ds:X509SerialNumber>${this.#serial}</ds:X509SerialNumber>` +
      `</etsi:IssuerSerial></etsi:Cert></etsi:SigningCertificate>` +
      `</etsi:SignedSignatureProperties>` +
      `<etsi:SignedDataObjectProperties>` +
      `<etsi:DataObjectFormat ObjectReference="#${documentRefId}">` +
      `<etsi:Description>contenido comprobante</etsi:Description>` +
      `<etsi:MimeType>text/xml</etsi:MimeType>` +
      `</etsi:DataObjectFormat></etsi:SignedDataObjectProperties>` +
      `</etsi:SignedProperties>`
    // In scope at SignedProperties: ds (Signature) and etsi (QualifyingProperties).
    const signedPropertiesDigest = sha1Base64(
      `<etsi:SignedProperties${DS_DECL}${ETSI_DECL} Id="${signedPropertiesId}">${signedPropertiesInner}`
    )

    const keyInfoInner =
      `<ds:X509Data><ds:X509Certificate>${this.#certificateBase64}</ds:X509Certificate></ds:X509Data>` +
      `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${this.#modulus}</ds:Modulus>` +
      `<ds:Exponent>${this.#exponent}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`
    const keyInfoDigest = sha1Base64(`<ds:KeyInfo${DS_DECL} Id="${keyInfoId}">${keyInfoInner}`)

    const signedInfoInner =
      `<ds:CanonicalizationMethod Algorithm="${C14N}"></ds:CanonicalizationMethod>` +
      `<ds:SignatureMethod Algorithm="${RSA_SHA1}"></ds:SignatureMethod>` +
      `<ds:Reference Id="${signedPropertiesRefId}" Type="${SIGNED_PROPERTIES_TYPE}" URI="#${signedPropertiesId}">` +
      `<ds:DigestMethod Algorithm="${SHA1}"></ds:DigestMethod>` +
      `<ds:DigestValue>${signedPropertiesDigest}</ds:DigestValue></ds:Reference>` +
      `<ds:Reference URI="#${keyInfoId}">` +
      `<ds:DigestMethod Algorithm="${SHA1}"></ds:DigestMethod>` +
      `<ds:DigestValue>${keyInfoDigest}</ds:DigestValue></ds:Reference>` +
      `<ds:Reference Id="${documentRefId}" URI="#comprobante">` +
      `<ds:Transforms><ds:Transform Algorithm="${ENVELOPED}"></ds:Transform></ds:Transforms>` +
      `<ds:DigestMethod Algorithm="${SHA1}"></ds:DigestMethod>` +
      `<ds:DigestValue>${documentDigest}</ds:DigestValue></ds:Reference>` +
      `</ds:SignedInfo>`
    const signatureValue = rsaSign(
      'sha1',
      Buffer.from(`<ds:SignedInfo${DS_DECL} Id="${signedInfoId}">${signedInfoInner}`, 'utf8'),
      this.#credential.privateKey
    ).toString('base64')

    const signature =
      `<ds:Signature${DS_DECL} Id="${signatureId}">` +
      `<ds:SignedInfo Id="${signedInfoId}">${signedInfoInner}` +
      `<ds:SignatureValue Id="SignatureValue${id}">${signatureValue}</ds:SignatureValue>` +
      `<ds:KeyInfo Id="${keyInfoId}">${keyInfoInner}` +
      `<ds:Object Id="${signatureId}-Object${id}">` +
      `<etsi:QualifyingProperties${ETSI_DECL} Target="#${signatureId}">` +
      `<etsi:SignedProperties Id="${signedPropertiesId}">${signedPropertiesInner}` +
      `</etsi:QualifyingProperties></ds:Object></ds:Signature>`

    return {
      xml: xml.slice(0, closeStart) + signature + xml.slice(closeStart),
      signingTime,
    }
  }
}

/**
 * What the structure of the body breaks, if anything: a raw ">" in
 * character data, a self-closed element, a single-quoted attribute or a
 * namespace declaration. C14N escapes ">" in text but writes it raw inside
 * attribute values, and text or attribute values may well contain "/>",
 * "='" or "xmlns" (an additional-info name such as "Saldo > 30 días" stays
 * `nombre="Saldo > 30 días"`), so only tags are inspected, and inside them
 * the quoted values are skipped.
 */
function structuralProblem(body: string): string | undefined {
  let inTag = false
  let inValue = false
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i)
    if (inValue) {
      if (code === 34) inValue = false // closing "
    } else if (inTag) {
      if (code === 34) inValue = true
      else if (code === 39) return 'single-quoted attribute'
      else if (code === 62) {
        if (body.charCodeAt(i - 1) === 47) return 'self-closed element' // "/>"
        inTag = false
      } else if ((code === 32 || code === 9 || code === 10) && body.startsWith('xmlns', i + 1)) {
        return 'namespace declaration'
      }
    } else if (code === 60) {
      inTag = true // <
    } else if (code === 62) {
      return 'unescaped ">" in text'
    }
  }
  return undefined
}

/**
 * Finds the root element and its closing tag, and refuses XML whose text is
 * not its own C14N form (the fast path above would digest the wrong bytes):
 * self-closed elements, comments, CDATA, DOCTYPE, processing instructions,
 * carriage returns, character references, namespace declarations, single
 * quoted attributes, raw ">" in text, or an existing signature.
 */
function locateRoot(xml: string): { rootStart: number; rootEnd: number; closeStart: number } {
  const match = ROOT_PATTERN.exec(xml)
  const fail = (reason: string) =>
    new TaxSigningError(
      `The comprobante is not in the canonical form the signer needs: ${reason}`,
      {
        messages: {
          es: 'El comprobante no tiene el formato que el firmador espera; vuelva a generarlo.',
          en: 'The document is not in the form the signer expects; build it again.',
        },
        i18nKey: 'tax.ec.signing.not_canonical',
      }
    )
  if (!match) throw fail('unknown root element')
  const rootName = match[1]
  const rootStart = xml.indexOf(`<${rootName}`)
  const body = xml.slice(rootStart)
  if (!body.trimEnd().endsWith(`</${rootName}>`)) throw fail('text after the root element')
  // "<" and "&" are always escaped in text and values, so these can only be markup.
  if (/<!--|<!\[CDATA\[|<!DOCTYPE|<\?|\r|&#|<ds:Signature/.test(body)) {
    throw fail('non-canonical construct')
  }
  const problem = structuralProblem(body)
  if (problem) throw fail(problem)
  const closeStart = rootStart + body.lastIndexOf(`</${rootName}>`)
  return { rootStart, rootEnd: closeStart + rootName.length + 3, closeStart }
}
