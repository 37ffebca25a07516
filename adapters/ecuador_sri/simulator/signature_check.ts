/*
|--------------------------------------------------------------------------
| XAdES-BES signature check (simulator side)
|--------------------------------------------------------------------------
|
| What SRI verifies at autorización, as far as a simulator can: one
| ds:Signature, last child of the comprobante root; the SignedInfo signature
| checks against the X509 certificate embedded in KeyInfo; every Reference
| digest matches; and the references cover the comprobante itself (#id of
| the root) and the XAdES SignedProperties. Certificate trust (CA chain,
| revocation) is out of scope here: any embedded RSA certificate will do.
|
| Canonicalization is xml-crypto's. Reference lookup and digests are done
| here over one parsed DOM: xml-crypto's SignedXml resolves every reference
| with document-wide XPath queries (about 35 ms per comprobante), which would
| cap the simulator far below the throughput Facturo is tested at. The
| tests check this verifier against SignedXml.checkSignature.
|
*/
import { createHash, createVerify, timingSafeEqual, X509Certificate } from 'node:crypto'
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
  type NamespacePrefix,
} from 'xml-crypto'
import { childElements, firstChild, parseWellFormed } from '#adapters/core/xml_dom'

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#'
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'
const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'

const CANONICALIZERS: Record<string, () => { process: C14nCanonicalization['process'] }> = {
  [INCLUSIVE_C14N]: () => new C14nCanonicalization(),
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': () =>
    new C14nCanonicalizationWithComments(),
  'http://www.w3.org/2001/10/xml-exc-c14n#': () => new ExclusiveCanonicalization(),
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': () =>
    new ExclusiveCanonicalizationWithComments(),
}

const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
}

const SIGNATURES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
}

const ID_ATTRIBUTES = ['Id', 'ID', 'id']

export type SignatureVerdict = { valid: true } | { valid: false; reason: string }

function invalid(reason: string): SignatureVerdict {
  return { valid: false, reason }
}

/**
 * Namespaces in scope from the ancestors of `element`, nearest first, for
 * inclusive canonicalization of a subtree: a digest of SignedProperties
 * must include the ds/etsi declarations made on ds:Signature.
 */
function ancestorNamespaces(element: Element): NamespacePrefix[] {
  const own = new Set<string>()
  for (const attribute of Array.from(element.attributes as ArrayLike<Attr>)) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
      own.add(attribute.name.replace(/^xmlns:?/, ''))
    }
  }
  const seen = new Set<string>()
  const found: NamespacePrefix[] = []
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    for (const attribute of Array.from((node as Element).attributes as ArrayLike<Attr>)) {
      if (attribute.name !== 'xmlns' && !attribute.name.startsWith('xmlns:')) continue
      const prefix = attribute.name.replace(/^xmlns:?/, '')
      if (seen.has(prefix)) continue
      seen.add(prefix)
      // An undeclaration (xmlns="") is no namespace node; the element's own declarations win.
      if (attribute.value !== '' && !own.has(prefix)) {
        found.push({ prefix, namespaceURI: attribute.value })
      }
    }
  }
  return found
}

function canonicalize(element: Element, algorithm: string) {
  const make = CANONICALIZERS[algorithm]
  if (!make) throw new Error(`algoritmo de canonicalización no admitido: ${algorithm}`)
  return make().process(element as unknown as Node, {
    ancestorNamespaces: ancestorNamespaces(element),
  })
}

function sameDigest(actual: Buffer, expectedBase64: string) {
  const expected = Buffer.from(expectedBase64.replace(/\s+/g, ''), 'base64')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** Every element carrying an Id/ID/id, by value; a repeated value is a wrapping attack. */
function indexIds(root: Element): Map<string, Element> | string {
  const index = new Map<string, Element>()
  const stack: Element[] = [root]
  while (stack.length > 0) {
    const element = stack.pop()!
    for (const name of ID_ATTRIBUTES) {
      const value = element.getAttribute(name)
      if (!value) continue
      if (index.has(value) && index.get(value) !== element) {
        return `el identificador "${value}" aparece en más de un elemento`
      }
      index.set(value, element)
    }
    for (const child of Array.from(element.childNodes as ArrayLike<Node>)) {
      if (child.nodeType === 1) stack.push(child as Element)
    }
  }
  return index
}

function isInside(node: Node, ancestor: Node) {
  for (let current: Node | null = node; current; current = current.parentNode) {
    if (current === ancestor) return true
  }
  return false
}

interface ParsedReference {
  uri: string
  target: Element
  type: string | null
  transforms: string[]
  digestAlgorithm: string
  digestValue: string
}

/**
 * Verifies the enveloped XAdES-BES signature of a comprobante. Never throws.
 * Pass the already parsed `document` to save a parse (it is left as found).
 */
export function verifyComprobanteSignature(xml: string, document?: Document): SignatureVerdict {
  try {
    return verify(xml, document)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return invalid(`la firma no se pudo verificar: ${detail.split('\n')[0]}`)
  }
}

function verify(xml: string, parsed?: Document): SignatureVerdict {
  const document = parsed ?? parseWellFormed(xml).document
  if (!document) return invalid('el documento no es XML bien formado')
  const root = document.documentElement

  const signatures = childElements(root, 'Signature').filter(
    (element) => element.namespaceURI === DSIG_NS
  )
  if (signatures.length === 0) return invalid('el comprobante no tiene firma electrónica')
  if (signatures.length > 1) return invalid('el comprobante tiene más de una firma')
  const signature = signatures[0]

  const keyInfo = firstChild(signature, 'KeyInfo')
  const x509Data = keyInfo ? firstChild(keyInfo, 'X509Data') : undefined
  const certificateText = x509Data
    ? (firstChild(x509Data, 'X509Certificate')?.textContent ?? '').replace(/\s+/g, '')
    : ''
  if (!certificateText) return invalid('la firma no incluye el certificado X509')
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(Buffer.from(certificateText, 'base64'))
  } catch {
    return invalid('el certificado X509 de la firma no se puede leer')
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    return invalid('el certificado de la firma no usa una clave RSA')
  }

  const signedInfo = firstChild(signature, 'SignedInfo')
  if (!signedInfo) return invalid('la firma no tiene SignedInfo')
  const canonicalization =
    firstChild(signedInfo, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? ''
  const signatureMethod = firstChild(signedInfo, 'SignatureMethod')?.getAttribute('Algorithm') ?? ''
  if (!CANONICALIZERS[canonicalization]) {
    return invalid(`algoritmo de canonicalización no admitido: ${canonicalization}`)
  }
  if (!SIGNATURES[signatureMethod]) {
    return invalid(`algoritmo de firma no admitido: ${signatureMethod}`)
  }

  const ids = indexIds(root)
  if (typeof ids === 'string') return invalid(ids)

  const references: ParsedReference[] = []
  for (const reference of childElements(signedInfo, 'Reference')) {
    const uri = reference.getAttribute('URI') ?? ''
    if (!uri.startsWith('#')) return invalid(`referencia no admitida: "${uri}"`)
    const target = ids.get(uri.slice(1))
    if (!target) return invalid(`la referencia ${uri} no apunta a ningún elemento`)
    const transformsElement = firstChild(reference, 'Transforms')
    const transforms = transformsElement
      ? childElements(transformsElement, 'Transform').map(
          (transform) => transform.getAttribute('Algorithm') ?? ''
        )
      : []
    const digestAlgorithm = firstChild(reference, 'DigestMethod')?.getAttribute('Algorithm') ?? ''
    if (!DIGESTS[digestAlgorithm])
      return invalid(`algoritmo de resumen no admitido: ${digestAlgorithm}`)
    for (const transform of transforms) {
      if (transform !== ENVELOPED && !CANONICALIZERS[transform]) {
        return invalid(`transformación no admitida: ${transform}`)
      }
    }
    references.push({
      uri,
      target,
      type: reference.getAttribute('Type'),
      transforms,
      digestAlgorithm,
      digestValue: firstChild(reference, 'DigestValue')?.textContent ?? '',
    })
  }
  if (references.length === 0) return invalid('la firma no tiene referencias')

  const rootId = ID_ATTRIBUTES.map((name) => root.getAttribute(name)).find(Boolean)
  if (!rootId || !references.some((reference) => reference.target === root)) {
    return invalid(`la firma no referencia al comprobante (#${rootId ?? ''})`)
  }
  if (!references.some((reference) => reference.type === SIGNED_PROPERTIES_TYPE)) {
    return invalid('la firma no referencia las SignedProperties (XAdES-BES)')
  }

  // SignedInfo first, with the signature in place.
  const signedInfoCanonical = canonicalize(signedInfo, canonicalization)
  const verifier = createVerify(SIGNATURES[signatureMethod])
  verifier.update(signedInfoCanonical)
  const signatureValue = (firstChild(signature, 'SignatureValue')?.textContent ?? '').replace(
    /\s+/g,
    ''
  )
  if (!verifier.verify(certificate.publicKey, signatureValue, 'base64')) {
    return invalid('el valor de la firma no corresponde al certificado')
  }

  // Then each reference; enveloped ones are digested with the signature detached.
  for (const reference of references) {
    const enveloped = reference.transforms.includes(ENVELOPED)
    if (enveloped && !isInside(signature, reference.target)) {
      return invalid(`la referencia ${reference.uri} no contiene la firma que la envuelve`)
    }
    const algorithm = reference.transforms.filter((transform) => transform !== ENVELOPED).at(-1)
    const parent = signature.parentNode!
    const next = signature.nextSibling
    if (enveloped) parent.removeChild(signature)
    let canonical: string
    try {
      canonical = canonicalize(reference.target, algorithm ?? INCLUSIVE_C14N)
    } finally {
      if (enveloped) parent.insertBefore(signature, next)
    }
    const digest = createHash(DIGESTS[reference.digestAlgorithm]).update(canonical, 'utf8').digest()
    if (!sameDigest(digest, reference.digestValue)) {
      return invalid(`el resumen (digest) de la referencia ${reference.uri} no coincide`)
    }
  }

  return { valid: true }
}
