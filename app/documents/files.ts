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
import CompanyLogo from '#tenancy/models/company_logo'
import logger from '@adonisjs/core/services/logger'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type Tenant from '#tenancy/models/tenant'
import type Document from '#documents/models/document'
import { issuerContextFor } from '#certificates/issuer_context'
import { loadForAuthority, toTaxDocument } from '#documents/tax_document'
import {
  keepAuthorityFile,
  storedAuthorityFile,
  type AuthorityFileKind,
} from '#documents/authority_files'

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

function authorityOffersFiles(authority: TaxAuthority) {
  return authority.capabilities.services?.includes('document_files') ?? false
}

/** Authorized once (voided documents were): the authority has its files. */
function authorizedOnce(document: Document) {
  return Boolean(document.authorizedAt && document.authorizationNumber)
}

/**
 * The authority's own file of the document, where it renders one (HKA's
 * CAFE and rFE): kept after the first fetch; null when the authority has
 * none or cannot be reached (the caller then falls back to Facturo's).
 */
async function authorityFile(
  tenant: Tenant,
  document: Document,
  kind: AuthorityFileKind
): Promise<Buffer | null> {
  const authority = tax.use(tenant.country)
  if (!authorityOffersFiles(authority) || !authorizedOnce(document)) return null
  const stored = await storedAuthorityFile(document, kind)
  if (stored) return stored
  try {
    const issuer = await issuerContextFor(tenant)
    const result = await authority.downloadDocument(
      {
        authorityKey: document.accessKey!,
        documentType: document.type,
        number: document.number ?? undefined,
      },
      kind,
      issuer
    )
    if (result.status !== 'found') return null
    await keepAuthorityFile(document, kind, result.content)
    return result.content
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    // Unreachable or refused: Facturo's own rendering serves meanwhile; the next download asks again.
    logger.warn({ documentId: document.id, err: error.message }, 'authority file not fetched')
    return null
  }
}

/**
 * The printable PDF: the authority's own where it renders one (fetched
 * once and kept), else the adapter's rendering from the stored document
 * (SRI RIDE; HKA's CAFE when HKA cannot be reached), with the
 * verification QR and protocol the authorization gave.
 */
export async function documentPdf(tenant: Tenant, document: Document): Promise<Buffer> {
  const fromAuthority = await authorityFile(tenant, document, 'pdf')
  if (fromAuthority) return fromAuthority
  await loadForAuthority(document)
  const issuer = await issuerContextFor(tenant)
  const logo = await CompanyLogo.query().select('content').first()
  return tax.use(tenant.country).renderDocumentPdf({
    issuer: issuer.identity,
    logo: logo?.content,
    document: toTaxDocument(document),
    authorityKey: document.accessKey!,
    environment: document.environment,
    number: document.number ?? undefined,
    authorization: authorizedOnce(document)
      ? {
          number: document.authorizationNumber ?? document.accessKey!,
          authorizedAt: document.authorizedAt!.toJSDate(),
          verificationUrl: document.verificationUrl ?? undefined,
          protocolNumber: document.protocolNumber ?? undefined,
        }
      : undefined,
  })
}

/**
 * The XML to download: the authority's own where it keeps one (HKA's
 * rFE, fetched once and kept), else what documentXml gives.
 */
export async function documentXmlFor(tenant: Tenant, document: Document): Promise<string | null> {
  const fromAuthority = await authorityFile(tenant, document, 'xml')
  if (fromAuthority) return fromAuthority.toString('utf8')
  return documentXml(document)
}
