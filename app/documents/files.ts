/*
 * The files of a document: the XML and the printable PDF drawn by the
 * country's adapter (SRI RIDE). Used by the downloads and by the customer
 * e-mail.
 *
 * Two XML files exist once a document is authorized: the authority's
 * authorization record (SRI's `<autorizacion>` with estado, número and fecha
 * de autorización and the comprobante in CDATA), which is the file with tax
 * validity and the one the customer gets, and the comprobante as Facturo
 * signed it, kept as a second download.
 */
import tax from '#adapters/core/services/tax'
import type Tenant from '#tenancy/models/tenant'
import type Document from '#documents/models/document'
import { issuerContextFor } from '#certificates/issuer_context'
import { loadForAuthority, toTaxDocument } from '#documents/tax_document'

/**
 * The stem per document type comes from the country's adapter (Ecuador:
 * `factura-001-001-000000123.xml`); the signed comprobante gets a
 * `-firmado` suffix.
 */
export function documentFileName(
  country: string,
  document: Document,
  extension: 'xml' | 'pdf',
  variant: 'main' | 'signed' = 'main'
) {
  const { fileNames, draftFileName } = tax.use(country).profile
  const number = document.number ?? `${draftFileName}-${document.id}`
  const suffix = variant === 'signed' ? '-firmado' : ''
  return `${fileNames[document.type]}-${number}${suffix}.${extension}`
}

/**
 * The XML to hand out, or null for a document that was never signed: the
 * authorization record once there is one, else the comprobante (as the
 * authority returned it, for documents authorized before records were
 * kept, or as signed).
 */
export function documentXml(document: Document): string | null {
  return document.authorizationXml ?? document.authorizedXml ?? document.signedXml
}

/** The comprobante as Facturo signed it (without the authority's wrapper). */
export function signedDocumentXml(document: Document): string | null {
  return document.signedXml
}

export async function documentPdf(tenant: Tenant, document: Document): Promise<Buffer> {
  await loadForAuthority(document)
  const issuer = await issuerContextFor(tenant)
  return tax.use(tenant.country).renderDocumentPdf({
    issuer: issuer.identity,
    document: toTaxDocument(document),
    authorityKey: document.accessKey!,
    environment: document.environment,
    number: document.number ?? undefined,
    authorization:
      document.status === 'AUTHORIZED' && document.authorizedAt
        ? {
            number: document.authorizationNumber ?? document.accessKey!,
            authorizedAt: document.authorizedAt.toJSDate(),
          }
        : undefined,
  })
}
