import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { pageNumber } from '#core/record_id'
import Tenant from '#tenancy/models/tenant'
import { withoutTenantScope } from '#tenancy/tenant_context'

const filtersValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(100).optional(),
    page: pageNumber().optional(),
  })
)

/**
 * Platform console: the list of companies. Tenant is not a tenant-scoped
 * model (it is the tenant), but the member count reads memberships of every
 * company, hence the escape.
 */
export default class TenantsController {
  async index({ inertia, request }: HttpContext) {
    const filters = await request.validateUsing(filtersValidator)
    const query = Tenant.query()
      .withCount('memberships', (memberships) => memberships.where('is_active', true))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    if (filters.q) {
      const like = `%${filters.q}%`
      query.where((where) =>
        where
          .whereILike('trade_name', like)
          .orWhereILike('legal_name', like)
          .orWhereILike('tax_id', like)
          .orWhereILike('slug', like)
      )
    }
    const page = await withoutTenantScope(
      'the platform console counts members of every company',
      () => query.paginate(filters.page ?? 1, 25)
    )
    return inertia.render('admin/tenants/index', {
      tenants: page.all().map((tenant) => ({
        id: tenant.id,
        tradeName: tenant.tradeName,
        legalName: tenant.legalName,
        country: tenant.country,
        taxId: tenant.displayTaxId,
        slug: tenant.slug,
        status: tenant.status,
        plan: tenant.planCode,
        environment: tenant.authorityEnvironment,
        members: Number(tenant.$extras.memberships_count ?? 0),
        createdAt: tenant.createdAt.toISO()!,
      })),
      pagination: {
        currentPage: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
        perPage: page.perPage,
      },
      filters: { q: filters.q ?? '' },
    })
  }
}
