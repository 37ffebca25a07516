import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type Membership from '#accounts/models/membership'
import { policies } from '#accounts/policies/main'
import * as abilities from '#accounts/abilities'

/**
 * Creates the request's bouncer. The actor is resolved lazily: it is the
 * membership set by the identify-tenant middleware, which runs later in the
 * chain; without one (guest, no company) every ability denies.
 *
 * Check with `ensureAllowed(await ctx.bouncer.allows(…))` rather than
 * `bouncer.authorize(…)`: Bouncer's own exception answers a bare text body,
 * while ForbiddenException goes through the status pages (the "forbidden"
 * Inertia page for browsers, JSON for API clients).
 */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.bouncer = new Bouncer<Membership, typeof abilities, typeof policies>(
      () => ctx.membership ?? null,
      abilities,
      policies
    ).setContainerResolver(ctx.containerResolver)

    if ('view' in ctx) {
      ctx.view.share(ctx.bouncer.edgeHelpers)
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<Membership, typeof abilities, typeof policies>
  }
}
