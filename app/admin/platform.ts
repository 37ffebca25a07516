/*
|--------------------------------------------------------------------------
| The console's one door to data across companies
|--------------------------------------------------------------------------
|
| The console is platform code: it counts, lists and changes rows of every
| company. Every query of the console that is not about one company it has
| entered goes through `acrossCompanies`, which names why it needs to, so a
| grep for it lists every cross-company read and write of the console.
| Tenant models stay fail-closed everywhere else.
|
*/
import { withoutTenantScope } from '#tenancy/tenant_context'

/**
 * Runs `work` with the tenant scope and row-level security lifted, for the
 * console's cross-company figures and actions. `why` is the reason the
 * escape records (an empty one throws), so it also documents the need at the
 * call site.
 */
export function acrossCompanies<T>(why: string, work: () => Promise<T>): Promise<T> {
  return withoutTenantScope(why, work)
}
