import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import {
  BaseModel,
  beforeCreate,
  beforeDelete,
  beforeFetch,
  beforeFind,
  beforePaginate,
  beforeUpdate,
  column,
} from '@adonisjs/lucid/orm'
import type {
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelQueryBuilderContract,
} from '@adonisjs/lucid/types/model'
import { assertReason, tenantContext } from '#tenancy/tenant_context'
import { MissingTenantContextException, TenantMismatchException } from '#tenancy/errors'

/**
 * `Model.query({ withoutTenantScope: 'why' })` is the per-query escape for
 * platform code; `withoutTenantScope('why', () => …)` is the block form.
 * Both name their reason and both are found by one grep.
 */
export interface TenantQueryOptions extends ModelAdapterOptions {
  withoutTenantScope?: string
}

type AnyQuery = ModelQueryBuilderContract<LucidModel, any>

/** Builders created with `withoutTenantScope`. */
const unscopedQueries = new WeakSet<object>()
/** Builders already filtered, so hooks that run twice (paginate) add one clause. */
const scopedQueries = new WeakSet<object>()

function outsideContext(model: LucidModel, what: string) {
  return new MissingTenantContextException(
    `${what} ${model.name} outside a tenant context: run it inside tenantContext.run(tenant, …) ` +
      `or, for platform code, say why with withoutTenantScope('reason', …)`
  )
}

/**
 * Adds `where <table>.tenant_id = <current tenant>` when a context is active
 * and no escape is in use; outside any context it throws (fail closed). The
 * column is qualified with the table so joins stay unambiguous.
 */
function scope(query: AnyQuery, unscopedSource: AnyQuery = query) {
  if (unscopedQueries.has(unscopedSource) || scopedQueries.has(query)) return
  if (tenantContext.isUnscoped()) return
  const tenant = tenantContext.current()
  if (!tenant) throw outsideContext(query.model, 'Query on')
  query.where(`${query.model.table}.tenant_id`, tenant.id)
  scopedQueries.add(query)
}

/**
 * Runs the builder's executing methods inside `withoutTenantScope`, so the
 * per-query escape also lifts row-level security for that query (and its
 * preloads and pagination count), and nothing else.
 */
function runUnscoped(query: AnyQuery, reason: string) {
  const target = query as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const method of ['exec', 'first', 'paginate']) {
    const original = target[method].bind(query)
    target[method] = (...args: unknown[]) =>
      tenantContext.withoutTenantScope(reason, () => original(...args))
  }
}

/**
 * Write queries (`query().update()`, `.delete()`, `.increment()`) run no
 * Lucid hooks, so the builder applies the scope itself when it executes:
 * like reads, a write is scoped by the context it runs in, which is also
 * the context whose tenant the database session carries.
 */
function scopeWrites(query: AnyQuery) {
  const target = query as unknown as Record<string, () => Promise<unknown>> & {
    knexQuery: { _method?: string }
  }
  const exec = target.exec.bind(query)
  target.exec = () => {
    if (['update', 'del'].includes(target.knexQuery._method ?? '')) scope(query)
    return exec()
  }
}

/**
 * Reads with `.pojo()` (aggregates, plain rows) run no fetch or find hook
 * either, so the builder scopes them when their SQL runs (`exec`, `first`
 * and a page's rows all go through `execQuery`): plain rows are filtered,
 * and refused outside a context, exactly like model rows.
 */
function scopePlainReads(query: AnyQuery) {
  const target = query as unknown as Record<string, () => Promise<unknown>> & {
    knexQuery: { _method?: string }
    wrapResultsToModelInstances: boolean
  }
  const execQuery = target.execQuery.bind(query)
  target.execQuery = () => {
    if (
      !target.wrapResultsToModelInstances &&
      (target.knexQuery._method ?? 'select') === 'select'
    ) {
      scope(query)
    }
    return execQuery()
  }
}

/**
 * Everything a tenant builder gets, and its clones too: Lucid clones the
 * builder for a page's count (`paginate`), and a plain-read clone runs no
 * hook, so without this its count would see every tenant. A clone of a
 * filtered builder already carries the filter in its SQL. A clone is a new
 * query and does not inherit the escape (a page's count under the escape
 * runs inside the escaped `paginate`).
 */
function guardBuilder(query: AnyQuery, reason: string | undefined) {
  scopeWrites(query)
  scopePlainReads(query)
  if (reason !== undefined) {
    unscopedQueries.add(query)
    runUnscoped(query, reason)
  }
  const target = query as unknown as { clone: () => AnyQuery }
  const clone = target.clone.bind(query)
  target.clone = () => {
    const copy = clone()
    if (scopedQueries.has(query)) scopedQueries.add(copy)
    guardBuilder(copy, undefined)
    return copy
  }
}

function stampTenant(row: LucidRow & { tenantId: number | null }, optional: boolean) {
  const tenant = tenantContext.current()
  const unscoped = tenantContext.isUnscoped()
  if (!tenant && !unscoped) throw outsideContext(row.constructor as LucidModel, 'Cannot create')
  // An explicit null on an optional-tenant model is a deliberate platform row.
  if (row.tenantId === undefined || (row.tenantId === null && !optional)) {
    if (tenant) {
      row.tenantId = tenant.id
    } else if (!optional) {
      throw new MissingTenantContextException(
        `Cannot create ${row.constructor.name} without a tenant context`
      )
    } else {
      row.tenantId = null
    }
    return
  }
  if (row.tenantId === null) return
  if (tenantContext.isScoping() && row.tenantId !== tenant!.id) {
    throw new TenantMismatchException(
      `Cannot create ${row.constructor.name} for another tenant inside a tenant context`
    )
  }
}

function guardWrite(row: LucidRow & { tenantId: number | null }) {
  // Rows never move between companies, whatever the context.
  if ('tenantId' in row.$dirty && row.$isPersisted) {
    throw new TenantMismatchException(`The tenant of a ${row.constructor.name} cannot change`)
  }
  if (tenantContext.isUnscoped()) return
  const tenant = tenantContext.current()
  if (!tenant) throw outsideContext(row.constructor as LucidModel, 'Cannot write')
  if (row.tenantId !== tenant.id) throw new TenantMismatchException()
}

/**
 * Builds the tenant mixin; `optional` decides whether a row may exist with a
 * null `tenant_id` (platform rows) or must always belong to a tenant.
 */
function tenantMixin<TenantId extends number | null>(optional: boolean) {
  return <T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) => {
    class TenantModel extends superclass {
      @column()
      declare tenantId: TenantId

      static query<Model extends LucidModel, Result = InstanceType<Model>>(
        this: Model,
        options?: TenantQueryOptions
      ): ModelQueryBuilderContract<Model, Result> {
        const { withoutTenantScope: reason, ...adapterOptions } = options ?? {}
        const query = (superclass as unknown as LucidModel).query.call(this, adapterOptions)
        if (reason !== undefined) assertReason(reason)
        guardBuilder(query, reason)
        return query as unknown as ModelQueryBuilderContract<Model, Result>
      }

      @beforeCreate()
      static stampTenantOnCreate(row: TenantModel) {
        stampTenant(row, optional)
      }

      @beforeFind()
      @beforeFetch()
      static scopeReads(query: AnyQuery) {
        scope(query)
      }

      @beforePaginate()
      static scopePagination([countQuery, query]: [AnyQuery, AnyQuery]) {
        scope(countQuery, query)
        scope(query)
      }

      @beforeUpdate()
      @beforeDelete()
      static guardTenantOnWrite(row: TenantModel) {
        guardWrite(row)
      }
    }
    return TenantModel
  }
}

/**
 * Lucid mixin for tenant-owned models: `compose(BaseModel, WithTenant)`.
 *
 * While a tenant context is active it
 * - stamps `tenant_id` on create (and refuses another tenant's id),
 * - filters find/fetch/paginate (hooks), plain reads (`.pojo()`) and
 *   `query().update()/delete()`,
 * - refuses to save or delete a loaded row of another tenant.
 *
 * Outside any context every query, create, save and delete throws
 * MissingTenantContextException, unless the code says why it works across
 * companies with `withoutTenantScope`. The database enforces the same
 * boundary twice more: composite foreign keys (app/tenancy/schema.ts) and
 * row-level security (app/tenancy/row_level_security.ts).
 */
export const WithTenant = tenantMixin<number>(false)

/**
 * Same as WithTenant for tables where a null tenant is legitimate (audit
 * logs of platform events): inside `withoutTenantScope` without a tenant,
 * rows are created with a null `tenant_id`; inside a context they are
 * stamped and filtered like any tenant row.
 */
export const WithOptionalTenant = tenantMixin<number | null>(true)
