import type { HttpContext } from '@adonisjs/core/http'
import { buildOverview } from '#admin/actions/build_overview'

/** The console's home: platform figures and charts. */
export default class OverviewController {
  async show({ inertia }: HttpContext) {
    return inertia.render('admin/overview', { overview: await buildOverview() })
  }
}
