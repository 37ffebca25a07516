import type { HttpContext } from '@adonisjs/core/http'
import { roleAllows, type Permission } from '#accounts/roles'

/**
 * Sidebar entries of the signed-in app. Each module registers its own from
 * its routes file; a member sees the entries their role permits. Labels are
 * `ui.nav.<key>` (rendered by AppLayout).
 */
export interface NavigationEntry {
  key: string
  href: string
  permission: Permission
  /** Lower comes first. */
  order: number
}

export interface NavigationItem {
  key: string
  href: string
}

const entries: NavigationEntry[] = [
  { key: 'dashboard', href: '/app', permission: 'dashboard.view', order: 0 },
]

export function registerNavigation(entry: NavigationEntry) {
  const existing = entries.findIndex((item) => item.key === entry.key)
  if (existing >= 0) entries.splice(existing, 1)
  entries.push(entry)
  entries.sort((a, b) => a.order - b.order)
}

/** Platform console entries, for super-admins. */
const ADMIN_ITEMS: NavigationItem[] = [{ key: 'admin', href: '/admin' }]

export function navigationFor(ctx: HttpContext): NavigationItem[] {
  const user = ctx.auth?.user
  if (!user) return []
  if (ctx.request.url().startsWith('/admin')) {
    return ctx.memberships?.length ? [...ADMIN_ITEMS, entries[0]] : ADMIN_ITEMS
  }
  const membership = ctx.membership
  const items: NavigationItem[] = membership
    ? entries
        .filter((entry) => membership.isActive && roleAllows(membership.role, entry.permission))
        .map(({ key, href }) => ({ key, href }))
    : []
  if (user.isSuperAdmin) items.push(...ADMIN_ITEMS)
  return items
}
