import type { HttpContext } from '@adonisjs/core/http'
import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import { csvSafety } from '#core/csv'
import { audit } from '#accounts/audit/audit_service'
import { AUDIT_ACTIONS } from '#accounts/audit/actions'
import { auditFiltersValidator, type AuditFilters } from '#admin/validators'
import { platformAuditEntries, platformAuditPage } from '#admin/audit/platform_audit'
import { withoutBlanks } from '#admin/http'

const CSV_COLUMNS = [
  'at',
  'action',
  'company',
  'company_id',
  'user',
  'entity',
  'entity_id',
  'ip',
  'before',
  'after',
]

/** Console: the platform audit log, filterable, exportable as CSV. */
export default class PlatformAuditController {
  async index({ inertia, request }: HttpContext) {
    const filters = await auditFiltersValidator.validate(withoutBlanks(request.qs()))
    return inertia.render('admin/audit/index', {
      ...(await platformAuditPage(filters)),
      filters: formFilters(filters),
      actions: [...AUDIT_ACTIONS],
    })
  }

  async export(ctx: HttpContext) {
    const filters = await auditFiltersValidator.validate(withoutBlanks(ctx.request.qs()))
    await audit.record(ctx, 'admin.audit_exported', {
      tenantId: null,
      entity: 'audit_log',
      after: formFilters(filters),
    })
    const rows = Readable.from(
      (async function* () {
        for await (const entry of platformAuditEntries(filters)) {
          yield [
            entry.at,
            entry.action,
            entry.company?.tradeName ?? '',
            entry.company?.id ?? '',
            entry.user ?? '',
            entry.entity ?? '',
            entry.entityId ?? '',
            entry.ip ?? '',
            entry.before ? JSON.stringify(entry.before) : '',
            entry.after ? JSON.stringify(entry.after) : '',
          ]
        }
      })()
    )
    const csv = rows.pipe(
      stringify({ ...csvSafety, bom: true, header: true, columns: CSV_COLUMNS })
    )
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header('content-disposition', 'attachment; filename="facturo-auditoria.csv"')
    return ctx.response.stream(csv)
  }
}

function formFilters(filters: AuditFilters) {
  return {
    action: filters.action ?? '',
    company: filters.company ? String(filters.company) : '',
    user: filters.user ?? '',
    from: filters.from ? filters.from.toISOString().slice(0, 10) : '',
    to: filters.to ? filters.to.toISOString().slice(0, 10) : '',
    scope: filters.scope ?? 'platform',
  }
}
