import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { renderApiError } from '#api/errors'

/**
 * The first middleware of every /api/v1 route: the API speaks JSON only,
 * so the request is treated as asking for JSON whatever its Accept header
 * says (the modules' exceptions then render their JSON form), and the
 * exception handler hands every failure of the request to the API's error
 * shape (`ctx.errorRenderer`).
 */
export default class ApiErrorsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.request.request.headers.accept = 'application/json'
    delete ctx.request.request.headers['x-inertia']
    ctx.errorRenderer = renderApiError
    return next()
  }
}
