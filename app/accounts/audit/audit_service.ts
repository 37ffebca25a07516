import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import type { AuditAction, AuditEntity } from '#accounts/audit/actions'

/** Who acted and from where, when there is no HTTP request (jobs, commands). */
export interface AuditActor {
  tenantId?: number | null
  userId?: number | null
  ip?: string | null
  userAgent?: string | null
}

export interface AuditDetails {
  entity?: AuditEntity
  entityId?: string | number | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  /** Overrides the tenant taken from the request or the context. */
  tenantId?: number | null
  /** Overrides the signed-in user (e.g. the user who just registered). */
  userId?: number | null
  /** Write inside the caller's transaction, so the change and its record commit together. */
  client?: TransactionClientContract
}

/** Keys whose values never reach the audit log, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|hash|private|pin$/i

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEY.test(key) ? '[redacted]' : redact(inner),
      ])
    )
  }
  return value
}

function isHttpContext(source: HttpContext | AuditActor): source is HttpContext {
  return 'request' in source && 'response' in source
}

/**
 * The audit trail of sensitive actions: who (user), for which company,
 * what (action, entity, before/after), from where (IP, user agent), when.
 */
export class AuditService {
  async record(source: HttpContext | AuditActor, action: AuditAction, details: AuditDetails = {}) {
    const actor = isHttpContext(source) ? this.#actorFromRequest(source) : source
    const tenantId =
      details.tenantId !== undefined
        ? details.tenantId
        : (actor.tenantId ?? tenantContext.current()?.id ?? null)

    const row = new AuditLog()
    row.fill({
      tenantId,
      userId: details.userId !== undefined ? details.userId : (actor.userId ?? null),
      action,
      entity: details.entity ?? null,
      entityId:
        details.entityId === undefined || details.entityId === null
          ? null
          : String(details.entityId),
      before: (redact(details.before ?? null) as Record<string, unknown> | null) ?? null,
      after: (redact(details.after ?? null) as Record<string, unknown> | null) ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
    })
    if (details.client) row.useTransaction(details.client)
    // The tenant was chosen explicitly above: usually the current company,
    // but an event may belong to the company being switched to, or to none
    // (platform events). Only those need the escape; a row of the current
    // company is written in its context, without switching the session.
    if (tenantContext.isScoping() && tenantContext.current()!.id === tenantId) {
      await row.save()
    } else {
      await withoutTenantScope('an audit event names its company explicitly', () => row.save())
    }
    return row
  }

  /**
   * Runs a change and its audit entries in one transaction, so neither
   * commits without the other. `record` writes inside that transaction.
   */
  async transaction<T>(
    source: HttpContext | AuditActor,
    change: (
      trx: TransactionClientContract,
      record: (action: AuditAction, details?: Omit<AuditDetails, 'client'>) => Promise<AuditLog>
    ) => Promise<T>
  ): Promise<T> {
    return db.transaction((trx) =>
      change(trx, (action, details = {}) =>
        this.record(source, action, { ...details, client: trx })
      )
    )
  }

  #actorFromRequest(ctx: HttpContext): AuditActor {
    return {
      tenantId: ctx.tenant?.id ?? null,
      userId: ctx.auth?.user?.id ?? null,
      ip: ctx.request.ip(),
      userAgent: ctx.request.header('user-agent') ?? null,
    }
  }
}

export const audit = new AuditService()

/** Bookkeeping columns left out of before/after: they change on every save. */
const NOT_AUDITED = ['id', 'tenantId', 'createdAt', 'updatedAt']

/** A row's own fields as they would be shown (dates as ISO text), for before/after. */
export function auditFields(row: LucidRow): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row.serializeAttributes({ omit: NOT_AUDITED })))
}

/**
 * Only what differs between two snapshots of a row: `before` holds the old
 * values and `after` the new ones of the changed fields. Null when nothing
 * changed.
 */
export function auditChanges(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])
  )
  if (keys.length === 0) return null
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  }
}
