import type { CertificateAttribute } from '#adapters/core/types'
import type { ParsedPkcs12 } from '#adapters/core/pkcs12'

/** A distinguished name as people read it: "CN=…, O=…, C=EC" in certificate order. */
export function formatName(attributes: CertificateAttribute[]): string {
  return attributes
    .map((attr) => `${attr.shortName ?? attr.name ?? attr.oid}=${attr.value}`)
    .join(', ')
}

function first(attributes: CertificateAttribute[], ...oids: string[]) {
  for (const oid of oids) {
    const found = attributes.find((attr) => attr.oid === oid)
    if (found?.value) return found.value
  }
  return undefined
}

const CN = '2.5.4.3'
const ORGANIZATION = '2.5.4.10'
const ORGANIZATIONAL_UNIT = '2.5.4.11'

/** What the upload page shows and the certificates table keeps. */
export function describeCertificate(parsed: ParsedPkcs12) {
  const subject = formatName(parsed.subject)
  const issuer = formatName(parsed.issuer)
  return {
    holderName: (first(parsed.subject, CN, ORGANIZATION) ?? subject).slice(0, 300),
    subject,
    issuerName: (first(parsed.issuer, CN, ORGANIZATION, ORGANIZATIONAL_UNIT) ?? issuer).slice(
      0,
      300
    ),
    issuer,
    serialHex: parsed.serial.hex,
    fingerprintSha256: parsed.fingerprint.sha256,
    validFrom: parsed.notBefore,
    validTo: parsed.notAfter,
  }
}
