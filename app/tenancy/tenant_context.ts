import { AsyncLocalStorage } from 'node:async_hooks'
import type Tenant from '#tenancy/models/tenant'
import { MissingTenantContextException } from '#tenancy/errors'

interface ContextState {
  tenant: Tenant | null
  /**
   * Set inside withoutTenantScope(): why tenant models are not filtered and
   * the database session may read every company's rows.
   */
  unscopedBecause: string | null
}

/**
 * What the database session must carry for the code running now; the
 * row-level security policies read it (app/tenancy/row_level_security.ts).
 * `tenantId` null with `bypass` false sees no tenant row at all.
 */
export interface DatabaseScope {
  tenantId: number | null
  bypass: boolean
}

const NO_SCOPE: DatabaseScope = Object.freeze({ tenantId: null, bypass: false })
const BYPASS: DatabaseScope = Object.freeze({ tenantId: null, bypass: true })

/**
 * Query builders are lazy thenables: they run when awaited, which would be
 * after `run` returned and outside its context. A thenable returned by the
 * callback is therefore started here, inside the context, so
 * `run(tenant, () => Model.query()…)` and `withoutTenantScope(why, () =>
 * db.from(…))` run as they read.
 */
function startInside<T>(value: T): T {
  if (value instanceof Promise) return value
  const then = (value as { then?: unknown } | null | undefined)?.then
  if (typeof then !== 'function') return value
  return new Promise((resolve, reject) => then.call(value, resolve, reject)) as T
}

/** A reason is what makes an escape reviewable: refuse an empty one. */
export function assertReason(reason: unknown): asserts reason is string {
  if (typeof reason !== 'string' || reason.trim().length < 8) {
    throw new TypeError(
      'withoutTenantScope needs a reason: say why this code reads across companies'
    )
  }
}

/**
 * The tenant the current code acts for. It is explicit: an HTTP request
 * enters it in the identify-tenant middleware, a job in TenantJob, a command
 * in TenantCommand; nothing guesses it from globals. AsyncLocalStorage keeps
 * it across awaits, and `run` restores the previous one when its callback
 * ends, so nested runs (a platform job looping over tenants) cannot leak.
 *
 * Tenant data is reachable only inside a context or inside
 * `withoutTenantScope(reason, …)`: the models throw otherwise, and the
 * database's row-level security shows no tenant row to a session without a
 * tenant.
 */
class TenantContext {
  #storage = new AsyncLocalStorage<ContextState>()

  /** Runs `fn` as `tenant`; the previous context is back when it settles. */
  run<T>(tenant: Tenant, fn: () => T): T {
    return this.#storage.run({ tenant, unscopedBecause: null }, () => startInside(fn()))
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
    return !!state?.tenant && state.unscopedBecause === null
  }

  /** True inside withoutTenantScope(). */
  isUnscoped(): boolean {
    return (this.#storage.getStore()?.unscopedBecause ?? null) !== null
  }

  /** The database session state the running code needs. */
  databaseScope(): DatabaseScope {
    const state = this.#storage.getStore()
    if (!state) return NO_SCOPE
    if (state.unscopedBecause !== null) return BYPASS
    return state.tenant ? { tenantId: state.tenant.id, bypass: false } : NO_SCOPE
  }

  /**
   * Platform code only (super-admin console, sweepers, the expiry watch,
   * invitation look-up by secret, seeders, cross-company maintenance): runs
   * `fn` with tenant models unfiltered and row-level security bypassed.
   * `reason` says why in a few words; grep for `withoutTenantScope` to
   * review every use (tests/unit/tenancy/scope_escapes.spec.ts lists them).
   */
  withoutTenantScope<T>(reason: string, fn: () => T): T {
    assertReason(reason)
    return this.#storage.run({ tenant: this.current(), unscopedBecause: reason }, () =>
      startInside(fn())
    )
  }
}

export const tenantContext = new TenantContext()

/** See TenantContext.withoutTenantScope. */
export function withoutTenantScope<T>(reason: string, fn: () => T): T {
  return tenantContext.withoutTenantScope(reason, fn)
}
