/*
 * Independent checks for SRI XML in tests: the official XSDs through
 * xmllint, signature verification through xml-crypto and through xmlsec1
 * (Debian), and C14N through xml-crypto. None of this is used at run time.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DOMParser } from '@xmldom/xmldom'
import { C14nCanonicalization, SignedXml } from 'xml-crypto'
import { DS_NS, ETSI_NS } from '#adapters/ecuador_sri/signer'

/**
 * The official schemas live next to the project (../shared/reference/sri
 * from the repository root); SRI_XSD_DIR overrides the location.
 */
export const SRI_XSD_DIR =
  process.env.SRI_XSD_DIR ??
  fileURLToPath(new URL('../../../../shared/reference/sri/', import.meta.url))

export type SriSchema = 'factura_V2.1.0.xsd' | 'factura_V1.1.0.xsd' | 'NotaCredito_V1.1.0.xsd'

/** Runs `xmllint --noout --schema <xsd> -`; `valid` is true only when xmllint says so. */
export function validateAgainstXsd(
  xml: string,
  schema: SriSchema
): { valid: boolean; output: string } {
  const schemaPath = join(SRI_XSD_DIR, schema)
  if (!existsSync(schemaPath)) {
    throw new Error(`SRI schema not found at ${schemaPath}; set SRI_XSD_DIR`)
  }
  const result = spawnSync('xmllint', ['--noout', '--schema', schemaPath, '-'], {
    input: xml,
    encoding: 'utf8',
  })
  const output = `${result.stdout}${result.stderr}`
  return { valid: result.status === 0 && /validates/.test(output), output }
}

/** The signed comprobante without its ds:Signature (the XSD copies describe the unsigned document). */
export function stripSignature(xml: string): string {
  return xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
}

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml')
}

/** Verifies the signature with xml-crypto against the given certificate. */
export function verifyWithXmlCrypto(
  xml: string,
  certificatePem: string
): { valid: boolean; errors: string[] } {
  const document = parse(xml)
  const signature = document.getElementsByTagNameNS(DS_NS, 'Signature')[0]
  if (!signature) return { valid: false, errors: ['no ds:Signature'] }
  // xml-crypto already resolves Id, ID and id; the key comes only from the given certificate.
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null })
  verifier.loadSignature(signature as unknown as Node)
  try {
    const valid = verifier.checkSignature(xml)
    return { valid, errors: [] }
  } catch (error) {
    return { valid: false, errors: [(error as Error).message] }
  }
}

/**
 * Verifies the signature with xmlsec1, trusting only the given CA. The
 * comprobante's ID attribute is `id` on the root; the XAdES properties use `Id`.
 */
export function verifyWithXmlsec(
  xml: string,
  caPem: string,
  rootName: 'factura' | 'notaCredito'
): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'facturo-xmlsec-'))
  try {
    writeFileSync(join(dir, 'signed.xml'), xml)
    writeFileSync(join(dir, 'ca.pem'), caPem)
    const result = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--id-attr:id',
        rootName,
        '--id-attr:Id',
        `${ETSI_NS}:SignedProperties`,
        '--id-attr:Id',
        `${DS_NS}:KeyInfo`,
        '--trusted-pem',
        join(dir, 'ca.pem'),
        join(dir, 'signed.xml'),
      ],
      { encoding: 'utf8' }
    )
    const output = `${result.stdout}${result.stderr}`
    return { valid: result.status === 0 && /^OK$/m.test(output), output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Inclusive C14N (xml-crypto) of the document element, for comparing with what the builders write. */
export function canonicalRoot(xml: string): string {
  const document = parse(xml)
  return new C14nCanonicalization().process(
    document.documentElement as unknown as Node,
    {}
  ) as string
}

/** xmlsec1's version, to show in failures. */
export function xmlsecVersion(): string {
  return execFileSync('xmlsec1', ['--version'], { encoding: 'utf8' }).trim()
}
