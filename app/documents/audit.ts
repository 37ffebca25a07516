import type { HttpContext } from '@adonisjs/core/http'
import type Document from '#documents/models/document'
import { audit, auditChanges } from '#accounts/audit/audit_service'
import type { AuditAction } from '#accounts/audit/actions'

/** What the audit trail keeps of a document: enough to find it and see what changed. */
export function documentAuditFields(document: Document): Record<string, unknown> {
  return {
    type: document.type,
    status: document.status,
    number: document.number ?? null,
    accessKey: document.accessKey ?? null,
    customerId: document.customerId,
    establishmentId: document.establishmentId,
    emissionPointId: document.emissionPointId,
    referencedDocumentId: document.referencedDocumentId ?? null,
    environment: document.environment,
    total: document.total,
  }
}

/**
 * Records a document action by the signed-in member (who, from where).
 * Document writes commit inside the issue pipeline's own transactions, so
 * the entry is written right after the action succeeded; a request that
 * fails records nothing. `before` (a snapshot from `documentAuditFields`)
 * narrows the entry to the fields that changed.
 */
export async function auditDocument(
  ctx: HttpContext,
  action: AuditAction,
  document: Document,
  details: { before?: Record<string, unknown>; extra?: Record<string, unknown> } = {}
) {
  const after = { ...documentAuditFields(document), ...details.extra }
  const changes = details.before ? auditChanges(details.before, after) : null
  return audit.record(ctx, action, {
    entity: 'document',
    entityId: document.id,
    before: changes?.before ?? null,
    after: changes?.after ?? after,
  })
}
