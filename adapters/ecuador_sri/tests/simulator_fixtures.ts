/*
|--------------------------------------------------------------------------
| Fixtures for the simulator and transport tests
|--------------------------------------------------------------------------
|
| Minimal SRI-shaped comprobantes with a valid clave, signed with an
| XAdES-BES signature of the shape SRI accepts (RSA-SHA1, inclusive C14N,
| references to SignedProperties, KeyInfo and #comprobante), assembled here
| step by step so the simulator's verifier is tested against a signer that
| is not the product's. The product signer is exercised separately.
|
*/
import { createHash, createSign, X509Certificate } from 'node:crypto'
import { C14nCanonicalization, findAncestorNs } from 'xml-crypto'
import { DOMParser } from '@xmldom/xmldom'
import { createTestCertificate, type TestCertificate } from '#adapters/core/testing/certificates'
import { moduloElevenDigit } from '#adapters/ecuador_sri/simulator/access_key_check'

export const SAMPLE_RUC = '1792146739001'

export interface SampleOptions {
  root?: 'factura' | 'notaCredito'
  /** dd/mm/yyyy */
  issueDate?: string
  sequential?: number
  environment?: '1' | '2'
  numericCode?: string
  ruc?: string
  establishment?: string
  emissionPoint?: string
  buyerName?: string
  /** Replace the clave written in the XML (to build inconsistent documents). */
  overrideAccessKey?: string
}

let sequenceCounter = Math.floor(Date.now() / 1000) % 100_000_000

/** A fresh sequential number per call, so tests never collide in one simulator. */
export function nextSequential() {
  sequenceCounter += 1
  return sequenceCounter
}

export function buildAccessKey(parts: {
  issueDate: string
  documentCode: string
  ruc: string
  environment: string
  establishment: string
  emissionPoint: string
  sequential: number | string
  numericCode: string
}) {
  const first48 = [
    parts.issueDate.replace(/\//g, ''),
    parts.documentCode,
    parts.ruc,
    parts.environment,
    parts.establishment,
    parts.emissionPoint,
    String(parts.sequential).padStart(9, '0'),
    parts.numericCode,
    '1',
  ].join('')
  return `${first48}${moduloElevenDigit(first48)}`
}

/** An unsigned comprobante (enough structure for the simulator's checks) and its clave. */
export function sampleComprobante(options: SampleOptions = {}) {
  const root = options.root ?? 'factura'
  const issueDate = options.issueDate ?? '15/03/2026'
  const sequential = options.sequential ?? nextSequential()
  const environment = options.environment ?? '1'
  const ruc = options.ruc ?? SAMPLE_RUC
  const establishment = options.establishment ?? '001'
  const emissionPoint = options.emissionPoint ?? '001'
  const documentCode = root === 'factura' ? '01' : '04'
  const accessKey = buildAccessKey({
    issueDate,
    documentCode,
    ruc,
    environment,
    establishment,
    emissionPoint,
    sequential,
    numericCode: options.numericCode ?? '12345678',
  })
  const writtenKey = options.overrideAccessKey ?? accessKey
  const detail =
    root === 'factura'
      ? `<infoFactura><fechaEmision>${issueDate}</fechaEmision><tipoIdentificacionComprador>05</tipoIdentificacionComprador><razonSocialComprador>${options.buyerName ?? 'JUAN PÉREZ &amp; HIJOS'}</razonSocialComprador><identificacionComprador>1710034065</identificacionComprador><totalSinImpuestos>10.00</totalSinImpuestos><totalDescuento>0.00</totalDescuento><totalConImpuestos><totalImpuesto><codigo>2</codigo><codigoPorcentaje>4</codigoPorcentaje><baseImponible>10.00</baseImponible><valor>1.50</valor></totalImpuesto></totalConImpuestos><propina>0.00</propina><importeTotal>11.50</importeTotal><moneda>DOLAR</moneda><pagos><pago><formaPago>01</formaPago><total>11.50</total></pago></pagos></infoFactura>`
      : `<infoNotaCredito><fechaEmision>${issueDate}</fechaEmision><tipoIdentificacionComprador>05</tipoIdentificacionComprador><razonSocialComprador>JUAN PÉREZ</razonSocialComprador><identificacionComprador>1710034065</identificacionComprador><codDocModificado>01</codDocModificado><numDocModificado>001-001-000000001</numDocModificado><fechaEmisionDocSustento>01/03/2026</fechaEmisionDocSustento><totalSinImpuestos>10.00</totalSinImpuestos><valorModificacion>11.50</valorModificacion><moneda>DOLAR</moneda><totalConImpuestos><totalImpuesto><codigo>2</codigo><codigoPorcentaje>4</codigoPorcentaje><baseImponible>10.00</baseImponible><valor>1.50</valor></totalImpuesto></totalConImpuestos><motivo>DEVOLUCIÓN</motivo></infoNotaCredito>`
  const version = root === 'factura' ? '2.1.0' : '1.1.0'
  const xml = `<?xml version="1.0" encoding="UTF-8"?><${root} id="comprobante" version="${version}"><infoTributaria><ambiente>${environment}</ambiente><tipoEmision>1</tipoEmision><razonSocial>FACTURO PRUEBAS S.A.</razonSocial><ruc>${ruc}</ruc><claveAcceso>${writtenKey}</claveAcceso><codDoc>${documentCode}</codDoc><estab>${establishment}</estab><ptoEmi>${emissionPoint}</ptoEmi><secuencial>${String(sequential).padStart(9, '0')}</secuencial><dirMatriz>AV. AMAZONAS N34-120, QUITO</dirMatriz></infoTributaria>${detail}<detalles><detalle><codigoPrincipal>P001</codigoPrincipal><descripcion>Servicio de prueba</descripcion><cantidad>1.000000</cantidad><precioUnitario>10.000000</precioUnitario><descuento>0.00</descuento><precioTotalSinImpuesto>10.00</precioTotalSinImpuesto><impuestos><impuesto><codigo>2</codigo><codigoPorcentaje>4</codigoPorcentaje><tarifa>15.00</tarifa><baseImponible>10.00</baseImponible><valor>1.50</valor></impuesto></impuestos></detalle></detalles><infoAdicional><campoAdicional nombre="Email">cliente@example.com</campoAdicional></infoAdicional></${root}>`
  return { xml, accessKey, sequential }
}

const DS = 'http://www.w3.org/2000/09/xmldsig#'
const ETSI = 'http://uri.etsi.org/01903/v1.3.2#'
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1'

let certificate: TestCertificate | undefined

/** The fixtures' signing certificate (one per test run). */
export function fixtureCertificate() {
  certificate ??= createTestCertificate({ keySlot: 'sri-simulator-fixture', ruc: SAMPLE_RUC })
  return certificate
}

function sha1Base64(text: string | Buffer) {
  return createHash('sha1').update(text).digest('base64')
}

function canonical(xml: string, id: string) {
  const document = new DOMParser().parseFromString(xml, 'text/xml')
  const xpath = `//*[@Id='${id}' or @id='${id}']`
  const ancestorNamespaces = findAncestorNs(document as unknown as Document, xpath)
  // xmldom collections are array-like, not iterable.
  const element = Array.from(document.getElementsByTagName('*') as ArrayLike<Element>).find(
    (candidate) => candidate.getAttribute('Id') === id || candidate.getAttribute('id') === id
  )
  if (!element) throw new Error(`no element with id ${id}`)
  return new C14nCanonicalization().process(element as unknown as Node, { ancestorNamespaces })
}

/**
 * Signs a comprobante: enveloped XAdES-BES, signature appended as the last
 * child of the root.
 */
export function signSampleXml(xml: string, signer: TestCertificate = fixtureCertificate()) {
  const certBase64 = signer.der.toString('base64')
  const x509 = new X509Certificate(signer.der)
  const jwk = x509.publicKey.export({ format: 'jwk' }) as { n: string; e: string }
  const modulus = Buffer.from(jwk.n, 'base64url').toString('base64')
  const exponent = Buffer.from(jwk.e, 'base64url').toString('base64')
  const serial = BigInt(`0x${x509.serialNumber}`).toString()
  const issuerName = x509.issuer.split('\n').reverse().join(',')

  const withoutDeclaration = xml.replace(/^<\?xml[^>]*\?>/, '')
  const documentDigest = sha1Base64(canonical(withoutDeclaration, 'comprobante'))

  const keyInfo = `<ds:KeyInfo Id="Certificate1"><ds:X509Data><ds:X509Certificate>${certBase64}</ds:X509Certificate></ds:X509Data><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${modulus}</ds:Modulus><ds:Exponent>${exponent}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`
  const signedProperties = `<etsi:SignedProperties Id="Signature1-SignedProperties1"><etsi:SignedSignatureProperties><etsi:SigningTime>2026-03-15T10:00:00-05:00</etsi:SigningTime><etsi:SigningCertificate><etsi:Cert><etsi:CertDigest><ds:DigestMethod Algorithm="${SHA1}"/><ds:DigestValue>${sha1Base64(signer.der)}</ds:DigestValue></etsi:CertDigest><etsi:IssuerSerial><ds:X509IssuerName>${issuerName}</ds:X509IssuerName><ds:X509SerialNumber>${serial}</ds:X509SerialNumber></etsi:IssuerSerial></etsi:Cert></etsi:SigningCertificate></etsi:SignedSignatureProperties><etsi:SignedDataObjectProperties><etsi:DataObjectFormat ObjectReference="#Reference-ID-1"><etsi:Description>contenido comprobante</etsi:Description><etsi:MimeType>text/xml</etsi:MimeType></etsi:DataObjectFormat></etsi:SignedDataObjectProperties></etsi:SignedProperties>`
  const signedInfo = (spDigest: string, kiDigest: string) =>
    `<ds:SignedInfo Id="Signature-SignedInfo1"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><ds:Reference Id="SignedPropertiesID1" Type="http://uri.etsi.org/01903#SignedProperties" URI="#Signature1-SignedProperties1"><ds:DigestMethod Algorithm="${SHA1}"/><ds:DigestValue>${spDigest}</ds:DigestValue></ds:Reference><ds:Reference URI="#Certificate1"><ds:DigestMethod Algorithm="${SHA1}"/><ds:DigestValue>${kiDigest}</ds:DigestValue></ds:Reference><ds:Reference Id="Reference-ID-1" URI="#comprobante"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="${SHA1}"/><ds:DigestValue>${documentDigest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`
  const signature = (info: string, value: string) =>
    `<ds:Signature xmlns:ds="${DS}" xmlns:etsi="${ETSI}" Id="Signature1">${info}<ds:SignatureValue Id="SignatureValue1">${value}</ds:SignatureValue>${keyInfo}<ds:Object Id="Signature1-Object1"><etsi:QualifyingProperties Target="#Signature1">${signedProperties}</etsi:QualifyingProperties></ds:Object></ds:Signature>`

  const closing = xml.lastIndexOf('</')
  const insert = (fragment: string) => `${xml.slice(0, closing)}${fragment}${xml.slice(closing)}`

  // Digests of KeyInfo and SignedProperties are taken in place, with the
  // namespaces they inherit from ds:Signature.
  const draft = insert(signature(signedInfo('', ''), ''))
  const spDigest = sha1Base64(canonical(draft, 'Signature1-SignedProperties1'))
  const kiDigest = sha1Base64(canonical(draft, 'Certificate1'))
  const withDigests = insert(signature(signedInfo(spDigest, kiDigest), ''))
  const signedInfoCanon = canonical(withDigests, 'Signature-SignedInfo1')
  const value = createSign('RSA-SHA1')
    .update(signedInfoCanon)
    .sign(signer.key.privateKeyPem, 'base64')
  return insert(signature(signedInfo(spDigest, kiDigest), value))
}

/** A signed sample comprobante and its clave. */
export function signedSample(options: SampleOptions = {}) {
  const sample = sampleComprobante(options)
  return { ...sample, xml: signSampleXml(sample.xml) }
}
