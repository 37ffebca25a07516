import db from '@adonisjs/lucid/services/db'
import type Document from '#documents/models/document'

/** The authority's files a document may have (document_files.kind). */
export type AuthorityFileKind = 'pdf' | 'xml'

/**
 * The authority's file of a document as first fetched, or null. Runs in
 * the company's context: the tenant filter and row-level security both
 * hold it to the document's company.
 */
export async function storedAuthorityFile(
  document: Document,
  kind: AuthorityFileKind
): Promise<Buffer | null> {
  const row = await db
    .from('document_files')
    .where('tenant_id', document.tenantId)
    .where('document_id', document.id)
    .where('kind', kind)
    .select('content')
    .first()
  return row ? (row.content as Buffer) : null
}

/** Keeps the fetched file; a second download racing this one keeps the first. */
export async function keepAuthorityFile(
  document: Document,
  kind: AuthorityFileKind,
  content: Buffer
): Promise<void> {
  await db.rawQuery(
    `insert into document_files (tenant_id, document_id, kind, content, created_at)
     values (?, ?, ?, ?, now())
     on conflict (tenant_id, document_id, kind) do nothing`,
    [document.tenantId, document.id, kind, content]
  )
}
