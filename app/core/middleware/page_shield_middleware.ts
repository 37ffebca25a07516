import { inject } from '@adonisjs/core'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { isMachineRequest } from '#core/machine_requests'

let machineShield: ShieldMiddleware | undefined

/**
 * The same guards without CSRF and CSP for API and webhook requests: they
 * have no session to keep a CSRF secret in (page_session_middleware.ts),
 * a bearer token or a signature instead of a cookie (so no cross-site
 * request can borrow them), and answer JSON, not a page. They keep
 * X-Frame-Options, HSTS and nosniff.
 */
function shieldForMachines() {
  if (!machineShield) {
    const config = app.config.get<ShieldConfig>('shield')
    machineShield = new ShieldMiddleware(
      { ...config, csrf: { enabled: false }, csp: { enabled: false } },
      encryption
    )
  }
  return machineShield
}

/** @adonisjs/shield's middleware, with the machine requests' variant above. */
@inject()
export default class PageShieldMiddleware {
  constructor(protected shield: ShieldMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    return (isMachineRequest(ctx) ? shieldForMachines() : this.shield).handle(ctx, next)
  }
}
