import type { HttpContext } from '@adonisjs/core/http'
import BuildDashboard from '#reports/actions/build_dashboard'

/** The signed-in home of a company: its figures and charts. */
export default class DashboardController {
  async show(ctx: HttpContext) {
    return ctx.inertia.render('reports/dashboard/show', await new BuildDashboard().handle(ctx))
  }
}
