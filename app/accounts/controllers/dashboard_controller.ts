import type { HttpContext } from '@adonisjs/core/http'

/**
 * The signed-in home of a company. For now: who and where you are, and an
 * empty state for documents until invoicing arrives.
 */
export default class DashboardController {
  async show({ inertia, tenant, membership, auth }: HttpContext) {
    return inertia.render('accounts/dashboard/show', {
      company: {
        tradeName: tenant!.tradeName,
        legalName: tenant!.legalName,
        taxId: tenant!.displayTaxId,
        country: tenant!.country,
        status: tenant!.status,
        environment: tenant!.authorityEnvironment,
        plan: tenant!.planCode,
        slug: tenant!.slug,
      },
      role: membership!.role,
      emailVerified: auth.user!.emailVerifiedAt !== null,
    })
  }
}
