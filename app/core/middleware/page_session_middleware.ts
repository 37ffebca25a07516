import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { isMachineRequest } from '#core/machine_requests'

/**
 * @adonisjs/session's middleware for the pages only: an API or webhook
 * request (machine_requests.ts) gets no session, so nothing is read from
 * or written to Redis for it and no cookie is set. The code those requests
 * reach reads `ctx.session` optionally, like an unmatched route's.
 */
@inject()
export default class PageSessionMiddleware {
  constructor(protected session: SessionMiddleware<any>) {}

  handle(ctx: HttpContext, next: NextFn) {
    return isMachineRequest(ctx) ? next() : this.session.handle(ctx, next)
  }
}
