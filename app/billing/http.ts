import type { HttpContext } from '@adonisjs/core/http'
import { baseDomain } from '#accounts/tenant_resolver'
import { appUrl } from '#accounts/links'

/**
 * Where Stripe sends the buyer back: the scheme and host they are signed
 * in on (a company subdomain keeps its own session cookie), when that host
 * is Facturo's own; APP_URL otherwise, so a forged Host header cannot send
 * anyone elsewhere.
 */
export function returnBaseOf(ctx: HttpContext) {
  const hostname = (ctx.request.hostname() ?? '').toLowerCase()
  const base = baseDomain()
  const ownHost =
    hostname === base ||
    hostname.endsWith(`.${base}`) ||
    hostname === new URL(appUrl('/')).hostname ||
    hostname === '127.0.0.1'
  if (!ownHost) return appUrl('').replace(/\/+$/, '')
  return `${ctx.request.protocol()}://${ctx.request.host()}`
}

/**
 * Sends the browser to an external page (Stripe Checkout or Portal): an
 * Inertia visit gets a 409 with X-Inertia-Location (a full page load), a
 * plain form post a 303.
 */
export function redirectAway(ctx: HttpContext, url: string) {
  if (ctx.request.header('x-inertia')) return ctx.inertia.location(url)
  return ctx.response.redirect().status(303).toPath(url)
}
