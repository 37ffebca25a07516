import type { HttpContext } from '@adonisjs/core/http'
import { certificatesExpiringSoon } from '#certificates/queries'

/** Platform console: companies whose certificate ends within 30 days (or has ended). */
export default class AdminCertificatesController {
  async index({ inertia }: HttpContext) {
    return inertia.render('certificates/admin_expiring', {
      groups: await certificatesExpiringSoon({ days: 30 }),
      days: 30,
    })
  }
}
