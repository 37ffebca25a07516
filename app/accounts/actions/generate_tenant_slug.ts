import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import { RESERVED_SUBDOMAINS } from '#accounts/tenant_resolver'

const MAX_LENGTH = 40

/** "Ferretería Los Andes S.A." → "ferreteria-los-andes-s-a" (a DNS label). */
export function slugify(name: string) {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/-+$/g, '')
  return slug && !RESERVED_SUBDOMAINS.has(slug) ? slug : `empresa${slug ? `-${slug}` : ''}`
}

/**
 * A slug for a new company from its trade name, unique among tenants: the
 * plain slug when free, else the first free `<slug>-2`, `<slug>-3`…
 * The unique index on tenants.slug settles a race between two sign-ups.
 */
export async function uniqueTenantSlug(
  tradeName: string,
  client: QueryClientContract = db.connection()
) {
  const base = slugify(tradeName)
  const rows: { slug: string }[] = await client
    .from('tenants')
    .where('slug', base)
    .orWhere('slug', 'like', `${base}-%`)
    .select('slug')
  const taken = new Set(rows.map((row) => row.slug))
  if (!taken.has(base)) return base
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}
