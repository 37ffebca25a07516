import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import AuditLog from '#accounts/models/audit_log'
import { toAuditLogDto } from '#accounts/dtos/member_dto'
import { auditFilterValidator } from '#accounts/validators'
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '#accounts/audit/actions'

const PER_PAGE = 25

/**
 * The company's audit trail, newest first, filterable by action, entity
 * (and one entity's id), person and dates. Scoped by the tenant context like every tenant model: platform
 * events (tenant_id null) and other companies never appear.
 */
export default class AuditLogsController {
  async index({ inertia, request }: HttpContext) {
    const filters = await request.validateUsing(auditFilterValidator)
    const query = AuditLog.query()
      .preload('user')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')

    if (filters.action) query.where('action', filters.action)
    if (filters.entity) query.where('entity', filters.entity)
    if (filters.entityId) query.where('entity_id', filters.entityId)
    if (filters.user) {
      query.whereHas('user', (users) => users.whereILike('email', `%${filters.user}%`))
    }
    if (filters.from)
      query.where('created_at', '>=', DateTime.fromJSDate(filters.from).startOf('day').toJSDate())
    if (filters.to)
      query.where(
        'created_at',
        '<',
        DateTime.fromJSDate(filters.to).plus({ days: 1 }).startOf('day').toJSDate()
      )

    const page = await query.paginate(filters.page ?? 1, PER_PAGE)
    return inertia.render('accounts/audit/index', {
      logs: page.all().map(toAuditLogDto),
      pagination: {
        currentPage: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
        perPage: page.perPage,
      },
      filters: {
        action: filters.action ?? '',
        entity: filters.entity ?? '',
        entityId: filters.entityId ?? '',
        user: filters.user ?? '',
        from: request.qs().from ?? '',
        to: request.qs().to ?? '',
      },
      actions: AUDIT_ACTIONS,
      entities: AUDIT_ENTITIES,
    })
  }
}
