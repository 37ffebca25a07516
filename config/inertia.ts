import { defineConfig } from '@adonisjs/inertia'
import type { InferSharedProps } from '@adonisjs/inertia/types'
import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import {
  sharedAccess,
  sharedMemberships,
  sharedNavigation,
  sharedTenant,
} from '#accounts/shared_props'
import type { OutageState } from '#tax/queries'
import type { BillingBannerDto } from '#billing/banner'
import { platformFormatLocale } from '#core/format_locale'
import { keyMatches, messagePrefixesFor } from '#core/page_messages'

/**
 * Props shared with every page: the current locale with its translations
 * for the client, flash messages and the signed-in user (a DTO, never the
 * model). Validation errors are shared by the Inertia middleware itself.
 * Signed-in pages also get the active company, the user's companies for
 * the switcher, their access in the company, the sidebar entries and the
 * authority-outage and billing banners.
 */
const inertiaConfig = defineConfig({
  rootView: 'inertia_layout',
  sharedData: {
    locale: (ctx: HttpContext) => ctx.i18n?.locale ?? 'es',
    // The tag Spanish numbers and dates are written with: the company's
    // country's, or the platform's own outside a company. With the
    // company's time zone (tenant.timeZone) pages format on the server and
    // in the browser alike, so they hydrate without a mismatch.
    formatLocale: (ctx: HttpContext) => sharedTenant(ctx)?.money.locale ?? platformFormatLocale,
    // Not "always": a partial reload (the document page refreshing its
    // status) keeps the messages it has instead of receiving them again.
    messages: (ctx: HttpContext) => clientMessages(ctx),
    flash: (ctx: HttpContext) =>
      ctx.inertia.always(() => ({
        success: (ctx.session?.flashMessages.get('success') as string | undefined) ?? null,
        error: (ctx.session?.flashMessages.get('error') as string | undefined) ?? null,
        // A way out of the error (e.g. "See plans and upgrade" after a plan limit).
        errorLink:
          (ctx.session?.flashMessages.get('errorLink') as
            | { href: string; label: string }
            | undefined) ?? null,
      })),
    user: (ctx: HttpContext) =>
      ctx.inertia.always(() =>
        ctx.auth?.user
          ? {
              id: ctx.auth.user.id,
              fullName: ctx.auth.user.fullName,
              email: ctx.auth.user.email,
              isSuperAdmin: ctx.auth.user.isSuperAdmin,
              emailVerified: ctx.auth.user.emailVerifiedAt !== null,
            }
          : null
      ),
    tenant: (ctx: HttpContext) => ctx.inertia.always(() => sharedTenant(ctx)),
    memberships: (ctx: HttpContext) => ctx.inertia.always(() => sharedMemberships(ctx)),
    access: (ctx: HttpContext) => ctx.inertia.always(() => sharedAccess(ctx)),
    navigation: (ctx: HttpContext) => ctx.inertia.always(() => sharedNavigation(ctx)),
    outage: (ctx: HttpContext) => ctx.inertia.always(() => sharedOutage(ctx)),
    billingBanner: (ctx: HttpContext) => ctx.inertia.always(() => sharedBillingBanner(ctx)),
    supportView: (ctx: HttpContext) =>
      ctx.inertia.always(() =>
        ctx.supportView && ctx.tenant
          ? { companyId: ctx.tenant.id, tradeName: ctx.tenant.tradeName }
          : null
      ),
  },
  ssr: {
    enabled: true,
    entrypoint: 'inertia/app/ssr.ts',
  },
})

/**
 * The outage banner of AppLayout, on every page of a company (null outside
 * one). Resolved only when a page is rendered, never for redirects or JSON.
 * The banner is a convenience: if its query fails the page still renders.
 */
async function sharedOutage(ctx: HttpContext): Promise<OutageState | null> {
  if (!ctx.tenant) return null
  try {
    // Imported on first use: loading this config does not load the tax module.
    const { outageState } = await import('#tax/queries')
    return await outageState(ctx.tenant.id)
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, 'outage banner not computed')
    return null
  }
}

/**
 * The billing banner of AppLayout (suspended and why, payment grace, trial
 * days left, month's document limit), null outside a company or when all
 * is well. Like the outage banner, a failure leaves the page without it.
 */
async function sharedBillingBanner(ctx: HttpContext): Promise<BillingBannerDto | null> {
  if (!ctx.tenant) return null
  try {
    const { billingBanner } = await import('#billing/banner')
    return await billingBanner(ctx.tenant, ctx.membership)
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, 'billing banner not computed')
    return null
  }
}

/**
 * The client-side translations: the `ui` messages of the active locale that
 * the rendered page uses (#core/page_messages), flattened into "ui.key" =>
 * message. The browser formats them itself.
 */
function clientMessages(ctx: HttpContext): Record<string, string> {
  const locale = ctx.i18n?.locale ?? i18nManager.defaultLocale
  const translations = i18nManager.getTranslationsFor(locale)
  const prefixes = messagePrefixesFor(ctx.pageComponent)
  const pageKey = prefixes ? (ctx.pageComponent ?? '*') : '*'
  let perPage = clientMessageCache.get(translations)
  if (!perPage) {
    perPage = new Map()
    clientMessageCache.set(translations, perPage)
  }
  let cached = perPage.get(pageKey)
  if (!cached) {
    cached = {}
    for (const [key, value] of Object.entries(translations)) {
      if (!key.startsWith('ui.')) continue
      if (prefixes && !keyMatches(key.slice(3), prefixes)) continue
      cached[key] = value
    }
    perPage.set(pageKey, cached)
  }
  return cached
}
// Keyed by the loaded translations (reloading them, once the country
// adapters have registered theirs, starts a new cache), then by the page
// whose messages were filtered ('*' for the whole `ui` dictionary).
const clientMessageCache = new WeakMap<object, Map<string, Record<string, string>>>()

export default inertiaConfig

declare module '@adonisjs/inertia/types' {
  export interface SharedProps extends InferSharedProps<typeof inertiaConfig> {}
}
