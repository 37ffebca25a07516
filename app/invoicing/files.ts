/*
 * The files of a document: the XML (authorized when the authority returned
 * it, else the signed one) and the printable PDF drawn by the country's
 * adapter (SRI RIDE). Used by the downloads and by the customer e-mail.
 */
import tax from '#adapters/core/services/tax'
import type Tenant from '#tenancy/models/tenant'
import type Document from '#invoicing/models/document'
import { issuerContextFor } from '#tax/issuer_context'
import { loadForAuthority, toTaxDocument } from '#tax/tax_document'

const TYPE_PREFIX = { invoice: 'factura', credit_note: 'nota-credito' } as const

export function documentFileName(document: Document, extension: 'xml' | 'pdf') {
  const number = document.number ?? `borrador-${document.id}`
  return `${TYPE_PREFIX[document.type]}-${number}.${extension}`
}

/** The XML to hand out, or null for a document that was never signed. */
export function documentXml(document: Document): string | null {
  return document.authorizedXml ?? document.signedXml
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
