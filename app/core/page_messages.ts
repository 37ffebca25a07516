/*
|--------------------------------------------------------------------------
| The translations a page receives
|--------------------------------------------------------------------------
|
| Pages format their texts in the browser from the `ui` messages the server
| shares with them (config/inertia.ts). Sending the whole dictionary inlined
| 50 KB into every page; a page gets the keys its layout and components use
| (SHELL) plus those of its module, by the folders of its component name
| ('invoicing/documents/show' takes the entries of 'invoicing',
| 'invoicing/documents' and 'invoicing/documents/show').
|
| Entries are key prefixes under `ui.` ('invoicing' or 'invoicing.form').
| tests/unit/core/page_messages.spec.ts reads every page with the components
| it imports and fails when a key a page uses is not sent to it, so a new
| key in a new namespace has to be listed here.
|
*/

/** What the layouts and their shared components use (menu, banners, bell, switcher). */
export const SHELL_MESSAGES = [
  'brand',
  'lang',
  'nav',
  'flash',
  'empty',
  'errors',
  'pagination',
  'tenancy',
  'accounts.roles',
  'admin.support',
  'billing.banner',
  'billing.suspended_reason',
  'billing.notices',
  'certificates.notices',
  'invoicing.outage',
  'landing.footer',
] as const

/** By component folder (or full component name): what its pages add to the shell. */
export const PAGE_MESSAGES: Record<string, readonly string[]> = {
  'accounts': [
    'accounts.fields',
    'accounts.login',
    'accounts.register',
    'accounts.join',
    'accounts.forgot',
    'accounts.reset',
    'accounts.verify',
    'accounts.invitation',
    'accounts.none',
    'accounts.account',
    'accounts.users',
  ],
  'accounts/audit': ['accounts.audit'],
  'admin': ['admin', 'accounts.audit'],
  'api': ['api'],
  'webhooks': ['webhooks'],
  'billing': ['billing'],
  'catalog': ['catalog'],
  'certificates': ['certificates'],
  'certificates/admin_expiring': ['admin.common', 'admin.nav'],
  'dev': ['devmail'],
  'errors': [],
  // The invoice form's "new customer" dialog is the customers form.
  'invoicing': ['invoicing', 'catalog.common', 'catalog.customers', 'catalog.fields'],
  // The documents list's export buttons (CSV, Excel, the XML ZIP) are the reports module's.
  'invoicing/documents/index': ['reports.documents_export'],
  'reports': ['reports', 'invoicing.status', 'accounts.dashboard'],
  // The dashboard's plan card writes usage as the billing page does; its
  // folios card is the credentials page's.
  'reports/dashboard/show': ['billing.usage', 'certificates.quota', 'settings.onboarding'],
  'settings': ['settings'],
  'site': ['landing', 'billing.plan', 'billing.plans'],
}

/**
 * The `ui` key prefixes a page component needs, or null when the component
 * is not listed (it then gets every message: a missing text is worse than a
 * heavier page).
 */
export function messagePrefixesFor(component: string | undefined): string[] | null {
  if (!component) return null
  const parts = component.split('/')
  const entries = parts
    .map((_part, index) => PAGE_MESSAGES[parts.slice(0, index + 1).join('/')])
    .filter((entry): entry is readonly string[] => entry !== undefined)
  if (entries.length === 0) return null
  return [...SHELL_MESSAGES, ...entries.flat()]
}

/** Whether `ui.<key>` is under one of the prefixes. */
export function keyMatches(key: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => key === prefix || key.startsWith(`${prefix}.`))
}
