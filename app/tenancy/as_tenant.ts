import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException, TenantNotFoundException } from '#tenancy/errors'

/**
 * Runs `fn` as company `tenantId`: in the current context when it is that
 * company, else (code outside any context: commands, benchmarks, tests)
 * in that company's own. Another company's context is refused.
 */
export async function asTenant<T>(tenantId: number, fn: () => Promise<T>): Promise<T> {
  const active = tenantContext.current()
  if (active) {
    if (active.id !== tenantId) throw new TenantMismatchException()
    return fn()
  }
  const tenant = await Tenant.find(tenantId)
  if (!tenant) throw new TenantNotFoundException()
  return tenantContext.run(tenant, fn)
}
