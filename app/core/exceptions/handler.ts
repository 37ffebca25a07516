import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

/**
 * Errors are rendered as Inertia pages (errors/not_found, errors/forbidden,
 * errors/server_error) for browsers, and as JSON for API clients. Status
 * pages are on everywhere but in tests that assert the raw error.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  protected renderStatusPages =
    app.inProduction || app.inTest || process.env.FACTURO_STATUS_PAGES === 'true'

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { inertia }) => inertia.render('errors/forbidden', { error: error.message }),
    '404': (error, { inertia }) => inertia.render('errors/not_found', { error: error.message }),
    '500..599': (_error, { inertia }) => inertia.render('errors/server_error', {}),
  }

  async handle(error: unknown, ctx: HttpContext) {
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
