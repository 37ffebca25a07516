import { AsyncLocalStorage } from 'node:async_hooks'
import type Tenant from '#tenancy/models/tenant'
import { MissingTenantContextException } from '#tenancy/errors'

interface ContextState {
  tenant: Tenant | null
  /** True inside withoutTenantScope(): tenant models are not filtered. */
  unscoped: boolean
}

/**
 * The tenant the current code acts for. It is explicit: an HTTP request
 * enters it in the identify-tenant middleware, a job in TenantJob, a command
 * in TenantCommand; nothing guesses it from globals. AsyncLocalStorage keeps
 * it across awaits, and `run` restores the previous one when its callback
 * ends, so nested runs (a platform job looping over tenants) cannot leak.
 */
class TenantContext {
  #storage = new AsyncLocalStorage<ContextState>()

  /** Runs `fn` as `tenant`; the previous context is back when it settles. */
  run<T>(tenant: Tenant, fn: () => T): T {
    return this.#storage.run({ tenant, unscoped: false }, fn)
  }

  /** The active tenant, or null outside any context. */
  current(): Tenant | null {
    return this.#storage.getStore()?.tenant ?? null
  }

  /** The active tenant; throws when tenant-scoped code runs without one. */
  currentOrFail(): Tenant {
    const tenant = this.current()
    if (!tenant) throw new MissingTenantContextException()
    return tenant
  }

  /** True when tenant models must be filtered by the current tenant. */
  isScoping(): boolean {
    const state = this.#storage.getStore()
    return !!state?.tenant && !state.unscoped
  }

  /**
   * Platform code only (super-admin console, invitation look-up by token,
   * cross-tenant maintenance): runs `fn` with tenant models unfiltered.
   * Grep for `withoutTenantScope` to review every use.
   */
  withoutTenantScope<T>(fn: () => T): T {
    return this.#storage.run({ tenant: this.current(), unscoped: true }, fn)
  }
}

export const tenantContext = new TenantContext()

/** See TenantContext.withoutTenantScope. */
export function withoutTenantScope<T>(fn: () => T): T {
  return tenantContext.withoutTenantScope(fn)
}
